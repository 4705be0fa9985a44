package org.ladewerk.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.simulator.Emulator;
import org.ladewerk.simulator.ev.Ev;
import org.ladewerk.simulator.ev.EvCatalog;
import org.ladewerk.simulator.station.Behaviour;
import org.ladewerk.simulator.station.ChargePoint;
import org.ladewerk.simulator.station.ConnectorStatus;
import tools.jackson.databind.JsonNode;

/** The emulator against the real central system: a complete charging session as the server records it. */
class EmulatorSessionTest extends ServerTest {

    @TempDir
    Path dir;

    private Emulator emulator;

    @BeforeEach
    void start() {
        emulator = Emulators.create(port);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void completeSessionIsRecordedWithMeterValuesFromTheEvModel() throws Exception {
        String id = unique("EMU");
        String tag = unique("TAG");
        assertThat(api().put("/api/v1/id-tags/" + tag, "{\"status\":\"Accepted\"}").status()).isIn(200, 201);
        ChargePoint cp = emulator.add(Emulators.folder(dir, id, 2, Map.of()), Behaviour.manual());
        cp.start();
        Emulators.awaitAccepted(cp);
        await().untilAsserted(() -> assertThat(api().get("/api/v1/stations/" + id).json().get("connectors"))
                .extracting(c -> c.get("status").asString()).contains("Available"));
        JsonNode station = api().get("/api/v1/stations/" + id).json();
        assertThat(station.get("vendor").asString()).isEqualTo("Ladewerk");
        assertThat(station.get("online").asBoolean()).isTrue();

        // an 11 kW three-phase car at 20 %: charges at full power
        cp.startSession(1, new Ev(EvCatalog.FAMILY, 20, 80), tag).get();
        await().atMost(Duration.ofSeconds(10)).until(() -> cp.connector(1).transactionId() != null);
        assertThat(cp.connector(1).status()).isEqualTo(ConnectorStatus.Charging);
        assertThat(cp.connector(1).powerW()).isEqualTo(11_000.0);
        int tx = cp.connector(1).transactionId();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(samples(tx, "Power.Active.Import")).hasSizeGreaterThanOrEqualTo(3));
        List<JsonNode> power = samples(tx, "Power.Active.Import");
        assertThat(power).allSatisfy(s -> assertThat(s.get("value").asDouble()).isEqualTo(11_000.0));
        List<JsonNode> current = samples(tx, "Current.Import");
        assertThat(current).extracting(s -> s.get("phase").asString()).contains("L1", "L2", "L3");
        assertThat(current.getFirst().get("value").asDouble()).isCloseTo(15.9, org.assertj.core.data.Offset.offset(0.1));
        List<JsonNode> energy = samples(tx, "Energy.Active.Import.Register");
        assertThat(energy.getLast().get("value").asDouble()).isGreaterThan(energy.getFirst().get("value").asDouble());
        assertThat(samples(tx, "SoC")).isNotEmpty();
        await().untilAsserted(() -> assertThat(connectorStatus(id, 1)).isEqualTo("Charging"));

        cp.unplug(1).get();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode t = api().get("/api/v1/transactions/" + tx).json();
            assertThat(t.get("open").asBoolean()).isFalse();
            assertThat(t.get("stopReason").asString()).isEqualTo("EVDisconnected");
            assertThat(t.get("meterStopWh").asLong()).isEqualTo(cp.connector(1).meterWh());
            assertThat(t.get("energyWh").asLong()).isPositive();
        });
        await().untilAsserted(() -> assertThat(connectorStatus(id, 1)).isEqualTo("Available"));
        assertThat(cp.connector(1).status()).isEqualTo(ConnectorStatus.Available);
        // the energy register is kept in configuration.json, as ocpp-cs does
        assertThat(cp.configuration().snapshot().connectorId().getFirst().meterValue()).isEqualTo(cp.connector(1).meterWh());
    }

    private List<JsonNode> samples(int tx, String measurand) {
        return api().get("/api/v1/transactions/" + tx).json().get("samples").valueStream()
                .filter(s -> measurand.equals(s.get("measurand").asString())).toList();
    }

    private String connectorStatus(String id, int connector) {
        return api().get("/api/v1/stations/" + id).json().get("connectors").valueStream()
                .filter(c -> c.get("evseId").asInt() == connector).map(c -> c.get("status").asString()).findFirst().orElse(null);
    }
}
