package org.ladewerk.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.server.support.AppServerTest;
import org.ladewerk.server.user.AppUser;
import org.ladewerk.simulator.Emulator;
import org.ladewerk.simulator.ev.Ev;
import org.ladewerk.simulator.ev.EvCatalog;
import org.ladewerk.simulator.station.Behaviour;
import org.ladewerk.simulator.station.ChargePoint;
import org.ladewerk.simulator.v2.ChargingStation2;
import org.ladewerk.simulator.v2.Station2Config;
import tools.jackson.databind.JsonNode;

/**
 * A tag with a preset starts charging on emulated OCPP 1.6 and 2.0.1 stations: the station gets a
 * TxProfile for that transaction and draws at most its current, the transaction is stopped by the
 * central system once it has drawn the target energy, and the session records the applied preset.
 */
class PresetEmulatorTest extends AppServerTest {

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

    /** A driver owning {@code tag} (accepted by the central system) with a 10 A, 3-phase preset stopping at 20 Wh. */
    private AppUser driverWithPreset(String tag, String stationId) {
        assertThat(api().put("/api/v1/id-tags/" + tag, "{}").status()).isIn(200, 201);
        AppUser user = driver(List.of(tag), stationId);
        assertThat(api().put("/api/v1/users/" + user.username() + "/presets",
                "[{\"mode\":\"now\",\"maxCurrentA\":10,\"phases\":3,\"targetEnergyKWh\":0.02}]").status()).isEqualTo(200);
        return user;
    }

    private JsonNode transaction(String stationId) {
        JsonNode list = api().get("/api/v1/transactions?stationId=" + stationId).json();
        assertThat(list).hasSize(1);
        return api().get("/api/v1/transactions/" + list.get(0).get("id").asLong()).json();
    }

    private static List<Double> values(JsonNode transaction, String measurand, String phase) {
        return transaction.get("samples").valueStream()
                .filter(s -> measurand.equals(s.get("measurand").asString()) && phase.equals(s.path("phase").asString("")))
                .map(s -> s.get("value").asDouble()).toList();
    }

    /** The profile arrived and the station follows it; then the target stops the transaction remotely. */
    private void limitedThenStoppedAtTarget(String stationId, AppUser user, boolean v16) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(values(transaction(stationId), "Current.Import", "L1")).isNotEmpty().last().isEqualTo(10.0));
        JsonNode open = transaction(stationId);
        // the transaction as the station knows it: its number in 1.6, its own string id in 2.x
        String onStation = v16 ? "\"transactionId\":" + open.get("id").asLong()
                : "\"transactionId\":\"" + open.get("stationTransactionId").asString() + "\"";
        assertThat(api().get("/api/v1/charging-profiles?stationId=" + stationId).json()).anySatisfy(p -> {
            assertThat(p.get("purpose").asString()).isEqualTo("TxProfile");
            assertThat(p.get("profileJson").asString()).contains(onStation);
        });

        await().atMost(Duration.ofSeconds(60)).until(() -> !transaction(stationId).get("open").asBoolean());
        JsonNode t = transaction(stationId);
        assertThat(t.get("stopReason").asString()).isEqualTo("Remote");
        assertThat(t.get("energyWh").asDouble()).isGreaterThanOrEqualTo(20).isLessThan(60);
        List<Double> currents = values(t, "Current.Import", "L1");
        // once limited, every later sample stays at or below 10 A
        assertThat(currents.subList(currents.indexOf(10.0), currents.size())).allSatisfy(a -> assertThat(a).isLessThanOrEqualTo(10.0));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode session = api().get("/api/v1/charging-sessions?station=" + stationId).json().get(0);
            JsonNode applied = session.get("appliedPreset");
            assertThat(applied.get("mode").asString()).isEqualTo("now");
            assertThat(applied.get("maxCurrentA").asDouble()).isEqualTo(10);
            assertThat(applied.get("user").asString()).isEqualTo(user.username());
            assertThat(applied.get("profile").asString()).isEqualTo("Accepted");
        });
        assertThat(api().get("/api/v1/charging-sessions.csv?station=" + stationId).body().lines().findFirst().orElseThrow())
                .endsWith(",appliedPreset");
    }

    @Test
    void ocpp16StationGetsTheTxProfileAndIsStoppedAtTheTargetEnergy() throws Exception {
        String id = unique("P16");
        String tag = unique("PT", 20);
        AppUser user = driverWithPreset(tag, id);
        ChargePoint cp = emulator.add(Emulators.folder(dir, id, 1, Map.of()), Behaviour.manual());
        cp.start();
        Emulators.awaitAccepted(cp);
        cp.startSession(1, new Ev(EvCatalog.FAMILY, 30, 100), tag).get();
        limitedThenStoppedAtTarget(id, user, true);
    }

    @Test
    void ocpp201StationGetsTheTxProfileAndIsStoppedAtTheTargetEnergy() throws Exception {
        String id = unique("P201");
        String tag = unique("PU", 20);
        AppUser user = driverWithPreset(tag, id);
        Path folder = Files.createDirectories(dir.resolve(id));
        Files.writeString(folder.resolve("configuration.json"), """
                {
                  "OcppVersion": "2.0.1", "ChargePointVendor": "Ladewerk", "ChargePointModel": "AC", "ChargePointSerialNumber": "SN-%s",
                  "ChargePointSoftwareVersion": "1", "CentralSystemURL": "ws://127.0.0.1:%d/ocpp/",
                  "Evses": [{"evseId": 1, "power": 11000, "connectors": [{"connectorId": 1, "type": "sType2"}]}],
                  "ConfigurationKeys": {"MeterValueSampleInterval": {"value": "1", "readonly": false}}
                }
                """.formatted(id, port));
        ChargingStation2 station = emulator.add(id, Station2Config.read(folder.resolve("configuration.json")));
        station.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> "Accepted".equals(station.registration()));
        station.plugIn(1, new Ev(EvCatalog.FAMILY, 30, 100), tag);
        limitedThenStoppedAtTarget(id, user, false);
    }
}
