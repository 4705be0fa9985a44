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
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.user.Role;
import org.ladewerk.server.user.Users;
import org.ladewerk.simulator.Emulator;
import org.ladewerk.simulator.ev.Ev;
import org.ladewerk.simulator.ev.EvCatalog;
import org.ladewerk.simulator.station.Behaviour;
import org.ladewerk.simulator.station.ChargePoint;
import org.ladewerk.simulator.v2.ChargingStation2;
import org.ladewerk.simulator.v2.Station2Config;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The energy manager end to end: an OCPP 1.6 and an OCPP 2.0.1 emulated station in one site with a
 * 28.6 A limit. The control loop (every second here) sends each EVSE its share as a charging profile
 * over OCPP, the emulated cars draw what the profile allows, and a mode change through the API moves
 * the shares. The stations also receive the fallback profile in advance. A driver's preset on a managed
 * station becomes the EVSE's mode.
 */
@TestPropertySource(properties = {
        "ladewerk.energy.enabled=true",
        "ladewerk.energy.interval=1s",
        "ladewerk.energy.site-limit-a=28.6",
        "ladewerk.energy.min-change-interval=1s"})
class EnergyManagerTest extends ServerTest {

    @TempDir
    Path dir;

    private Emulator emulator;
    @Autowired
    private Users users;

    @BeforeEach
    void start() {
        emulator = Emulators.create(port);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private ChargingStation2 station201(String id) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(id));
        Files.writeString(folder.resolve("configuration.json"), """
                {"OcppVersion": "2.0.1", "ChargePointVendor": "Ladewerk", "ChargePointModel": "AC", "ChargePointSerialNumber": "SN-%s",
                 "ChargePointSoftwareVersion": "1", "CentralSystemURL": "ws://127.0.0.1:%d/ocpp/",
                 "Evses": [{"evseId": 1, "power": 22000, "connectors": [{"connectorId": 1, "type": "sType2"}]}],
                 "ConfigurationKeys": {"HeartbeatInterval": {"value": "60", "readonly": false},
                                       "MeterValueSampleInterval": {"value": "1", "readonly": false}}}
                """.formatted(id, port));
        ChargingStation2 station = emulator.add(id, Station2Config.read(folder.resolve("configuration.json")));
        station.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> "Accepted".equals(station.registration()));
        return station;
    }

    private JsonNode evse(String stationId) {
        for (JsonNode e : api().get("/api/v1/energy/allocation").json().get("evses"))
            if (e.get("stationId").asString().equals(stationId) && e.get("evseId").asInt() == 1) return e;
        return null;
    }

    @Test
    void stationsOfBothVersionsShareTheSiteLimitThroughChargingProfiles() throws Exception {
        String tag = unique("EN", 20);
        api().put("/api/v1/id-tags/" + tag, "{\"maxActiveTransactions\":2}");
        String id16 = unique("EN16");
        ChargePoint cp = emulator.add(Emulators.folder(dir, id16, 1, Map.of("MeterValueSampleInterval", "1")), Behaviour.manual());
        cp.start();
        Emulators.awaitAccepted(cp);
        ChargingStation2 v2 = station201(unique("EN201"));
        String id201 = v2.identity();

        // both stations get the fallback profile in advance; idle EVSEs are held at 0 A
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode profiles = api().get("/api/v1/charging-profiles").json();
            for (String id : new String[] {id16, id201}) {
                assertThat(profiles).filteredOn(p -> p.get("stationId").asString().equals(id))
                        .extracting(p -> p.get("profileId").asInt() + "@" + p.get("evseId").asInt()).contains("915999@0", "916001@1");
            }
            assertThat(evse(id16).get("reason").asString()).isEqualTo("no-vehicle");
            assertThat(evse(id16).get("sentLimitA").asDouble()).isZero();
        });

        cp.startSession(1, new Ev(EvCatalog.FAMILY, 20, 80), tag).get();
        v2.plugIn(1, new Ev(EvCatalog.FAMILY, 20, 80), tag);
        // each gets half of 28.6 A, sent over OCPP and followed by the cars (14.3 A × 230 V × 3 = 9,867 W)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String id : new String[] {id16, id201}) {
                JsonNode e = evse(id);
                assertThat(e.get("limitA").asDouble()).as(id).isEqualTo(14.3);
                assertThat(e.get("reason").asString()).isEqualTo("site-limit");
                assertThat(e.get("sentLimitA").asDouble()).isEqualTo(14.3);
                assertThat(e.get("drawnW").asDouble()).as(id + " draws its share").isBetween(9_500.0, 10_200.0);
            }
        });

        // the 2.0.1 EVSE is switched off through the API: it stops, the 1.6 one gets the car's full 11 kW (16 A)
        api().put("/api/v1/stations/" + id201 + "/evses/1/mode", "{\"mode\":\"off\"}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(evse(id201).get("limitA").asDouble()).isZero();
            assertThat(evse(id201).get("drawnW").asDouble()).isZero();
            assertThat(evse(id16).get("sentLimitA").asDouble()).isEqualTo(28.6);
            assertThat(evse(id16).get("drawnW").asDouble()).isBetween(10_500.0, 11_500.0);
        });
        assertThat(api().get("/api/v1/stations/" + id201 + "/evses/1/mode").json().get("mode").asString()).isEqualTo("off");
    }

    @Test
    void aDriversPresetOnAManagedStationSetsTheEvsesModeInsteadOfItsOwnProfile() throws Exception {
        String tag = unique("ENP", 20);
        api().put("/api/v1/id-tags/" + tag, "{}");
        var driver = users.create(new Users.NewUser(unique("driver"), "{noop}x", Role.driver, List.of(tag), List.of()));
        api().put("/api/v1/users/" + driver.username() + "/presets", "[{\"mode\":\"pv\",\"maxCurrentA\":12}]");
        String id = unique("ENP16");
        ChargePoint cp = emulator.add(Emulators.folder(dir, id, 1, Map.of("MeterValueSampleInterval", "1")), Behaviour.manual());
        cp.start();
        Emulators.awaitAccepted(cp);

        cp.startSession(1, new Ev(EvCatalog.FAMILY, 20, 80), tag).get();
        // the manager now runs the EVSE in pv within the preset's 12 A, and no TxProfile of the preset competes with its limits
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode mode = api().get("/api/v1/stations/" + id + "/evses/1/mode").json();
            assertThat(mode.get("mode").asString()).isEqualTo("pv");
            assertThat(mode.get("maxCurrentA").asDouble()).isEqualTo(12.0);
            JsonNode session = api().get("/api/v1/charging-sessions?station=" + id).json().get(0);
            assertThat(session.get("appliedPreset").get("profile").asString()).isEqualTo("energy-manager");
        });
        assertThat(api().get("/api/v1/charging-profiles?stationId=" + id).json())
                .noneSatisfy(p -> assertThat(p.get("purpose").asString()).isEqualTo("TxProfile"));
    }

    @Test
    void badModeRequestsAreRefusedWithAMessage() {
        var response = api().put("/api/v1/stations/CP-X/evses/1/mode", "{\"mode\":\"fast\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("unknown mode");
        assertThat(api().put("/api/v1/stations/CP-X/evses/1/mode", "{\"mode\":\"pv\",\"minCurrentA\":3}").status()).isEqualTo(400);
        var ok = api().put("/api/v1/stations/CP-X/evses/1/mode", "{\"mode\":\"minpv\",\"minCurrentA\":8,\"maxCurrentA\":16,\"priority\":5}").json();
        assertThat(ok.get("mode").asString()).isEqualTo("minpv");
        assertThat(ok.get("priority").asInt()).isEqualTo(5);
        assertThat(api().get("/api/v1/stations/CP-X/evses/1/mode").json().get("maxCurrentA").asDouble()).isEqualTo(16.0);
    }
}
