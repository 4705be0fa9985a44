package org.ladewerk.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.server.support.EmmStandIn;
import org.ladewerk.server.support.RunningServer;
import org.ladewerk.simulator.Emulator;
import org.ladewerk.simulator.station.Behaviour;
import org.ladewerk.simulator.station.ChargePoint;
import tools.jackson.databind.JsonNode;

/** Two-way settings sync between an HTTP EMM stand-in and an emulated OCPP 1.6 station through the real server. */
class EmmSettingsSyncTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path stations;

    private EmmStandIn emm;
    private Emulator emulator;
    private RunningServer server;

    @AfterEach
    void close() {
        if (emulator != null) emulator.close();
        if (server != null) server.close();
        if (emm != null) emm.close();
    }

    private List<EmmStandIn.Call> puts(String id) {
        return emm.calls("PUT", "/stations/" + id + "/settings");
    }

    private long commandsSent(String id) {
        return server.api().get("/api/v1/stations/" + id + "/commands?limit=1000").json().size();
    }

    @Test
    void emmSettingsReachTheStationActualValuesComeBackAndALocalChangeWins() throws Exception {
        String id = "CP-SYNC-1";
        emm = EmmStandIn.start(0);
        Instant t0 = Instant.now().minusSeconds(60);
        emm.settings.put(id, """
                {"settings": {"HeartbeatInterval": "120", "MeterValueSampleInterval": 5, "NoSuchKey": "1",
                  "ChargeRateLimitA": "16", "Bad": {"x": 1}}, "updatedAt": "%s"}""".formatted(t0));
        server = RunningServer.start(Map.of("ladewerk.data-dir", dataDir.toString(), "ladewerk.emm.url", emm.url(),
                "ladewerk.emm.api-key", "k-sync", "ladewerk.emm.sync-interval", "1h"));
        emulator = Emulators.create(server.port());
        ChargePoint cp = emulator.add(Emulators.folder(stations, id, 1, Map.of()), Behaviour.manual());
        cp.start();
        Emulators.awaitAccepted(cp);

        // on boot: applied, read back, pushed with per-key results
        await().atMost(Duration.ofSeconds(20)).until(() -> !puts(id).isEmpty());
        assertThat(cp.configuration().get("HeartbeatInterval", null)).isEqualTo("120");
        assertThat(cp.configuration().get("MeterValueSampleInterval", null)).isEqualTo("5");
        JsonNode put = puts(id).getFirst().json();
        assertThat(puts(id).getFirst().headers().get("x-api-key")).isEqualTo("k-sync");
        assertThat(put.at("/settings/HeartbeatInterval").asString()).isEqualTo("120");
        assertThat(put.at("/settings/MeterValueSampleInterval").asString()).isEqualTo("5");
        assertThat(put.at("/settings/ChargeRateLimitA").asString()).isEqualTo("16");
        assertThat(put.at("/results/HeartbeatInterval").asString()).isEqualTo("Accepted");
        assertThat(put.at("/results/NoSuchKey").asString()).isEqualTo("NotSupported");
        assertThat(put.at("/results/ChargeRateLimitA").asString()).isEqualTo("Accepted");
        assertThat(put.at("/results/Bad").asString()).isEqualTo("Rejected");
        assertThat(put.get("readAt").asString()).isNotBlank();
        JsonNode profiles = server.api().get("/api/v1/charging-profiles?stationId=" + id).json();
        assertThat(profiles.toString()).contains("TxDefaultProfile").contains("16");

        // nothing changed: a repeated sync sends no command to the station
        long before = commandsSent(id);
        int putsBefore = puts(id).size();
        assertThat(server.api().post("/api/v1/stations/" + id + "/emm-sync", "").status()).isEqualTo(200);
        assertThat(commandsSent(id)).isEqualTo(before);
        assertThat(puts(id)).hasSize(putsBefore);

        // a local change after the EMM's updatedAt wins over the EMM's older value, and is pushed
        var local = server.api().put("/api/v1/stations/" + id + "/settings", "{\"HeartbeatInterval\": \"300\"}");
        assertThat(local.status()).isEqualTo(200);
        assertThat(local.json().at("/results/HeartbeatInterval").asString()).isEqualTo("Accepted");
        assertThat(cp.configuration().get("HeartbeatInterval", null)).isEqualTo("300");
        assertThat(puts(id).getLast().json().at("/settings/HeartbeatInterval").asString()).isEqualTo("300");
        server.api().post("/api/v1/stations/" + id + "/emm-sync", "");
        assertThat(cp.configuration().get("HeartbeatInterval", null)).isEqualTo("300");

        // a newer EMM change reaches the station
        emm.settings.put(id, """
                {"settings": {"HeartbeatInterval": "600", "MeterValueSampleInterval": "5"}, "updatedAt": "%s"}""".formatted(Instant.now().plusSeconds(5)));
        JsonNode outcome = server.api().post("/api/v1/stations/" + id + "/emm-sync", "").json();
        assertThat(outcome.at("/results/HeartbeatInterval").asString()).isEqualTo("Accepted");
        assertThat(cp.configuration().get("HeartbeatInterval", null)).isEqualTo("600");
        assertThat(puts(id).getLast().json().at("/settings/HeartbeatInterval").asString()).isEqualTo("600");

        // a bad EMM answer is reported and changes nothing
        emm.settings.put(id, "this is not json");
        JsonNode bad = server.api().post("/api/v1/stations/" + id + "/emm-sync", "").json();
        assertThat(bad.get("problem").asString()).contains("not JSON");
        assertThat(server.api().get("/api/v1/emm").json().get("lastError").asString()).contains("not JSON");
        assertThat(cp.configuration().get("HeartbeatInterval", null)).isEqualTo("600");
    }
}
