package org.ladewerk.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
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
import org.ladewerk.simulator.v2.ChargingStation2;
import org.ladewerk.simulator.v2.Station2Config;
import tools.jackson.databind.JsonNode;

/**
 * Two-way settings sync with an emulated OCPP 2.0.1 station: {@code Component/Variable} keys through
 * SetVariables/GetVariables, {@code Availability} through ChangeAvailability, a local change that wins
 * over an older EMM value, and repeated syncs that send the station nothing (counted at the station).
 */
class EmmSettingsSync2Test {

    private static final String HEARTBEAT = "OCPPCommCtrlr/HeartbeatInterval";
    private static final String SAMPLE = "SampledDataCtrlr/MeterValueSampleInterval";
    private static final String READ_ONLY = "AuthCtrlr/AuthorizeRemoteTxRequests";
    private static final List<String> COMMANDS = List.of("SetVariables", "GetVariables", "ChangeAvailability", "SetChargingProfile");

    @TempDir
    Path dataDir;
    @TempDir
    Path dir;

    private EmmStandIn emm;
    private Emulator emulator;
    private RunningServer server;

    @AfterEach
    void close() {
        if (emulator != null) emulator.close();
        if (server != null) server.close();
        if (emm != null) emm.close();
    }

    private ChargingStation2 station(String id) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(id));
        Files.writeString(folder.resolve("configuration.json"), """
                {"OcppVersion": "2.0.1", "ChargePointVendor": "Ladewerk", "ChargePointModel": "AC",
                 "CentralSystemURL": "ws://127.0.0.1:%d/ocpp/",
                 "Evses": [{"evseId": 1, "power": 11000, "connectors": [{"connectorId": 1, "type": "sType2"}]}],
                 "ConfigurationKeys": {"HeartbeatInterval": {"value": "60", "readonly": false},
                   "MeterValueSampleInterval": {"value": "30", "readonly": false},
                   "AuthorizeRemoteTxRequests": {"value": "true", "readonly": true}}}
                """.formatted(server.port()));
        ChargingStation2 station = emulator.add(id, Station2Config.read(folder.resolve("configuration.json")));
        station.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> "Accepted".equals(station.registration()));
        return station;
    }

    private List<EmmStandIn.Call> puts(String id) {
        return emm.calls("PUT", "/stations/" + id + "/settings");
    }

    private static int commands(ChargingStation2 station) {
        return COMMANDS.stream().mapToInt(station::received).sum();
    }

    private JsonNode sync(String id) {
        var r = server.api().post("/api/v1/stations/" + id + "/emm-sync", "");
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    @Test
    void componentVariableKeysAndAvailabilityReachA201StationAndALocalChangeWins() throws Exception {
        String id = "CP2-SYNC-1";
        emm = EmmStandIn.start(0);
        emm.settings.put(id, """
                {"settings": {"%s": "120", "%s": 5, "%s": "false", "Availability": "Inoperative"}, "updatedAt": "%s"}"""
                .formatted(HEARTBEAT, SAMPLE, READ_ONLY, Instant.now().minusSeconds(60)));
        server = RunningServer.start(Map.of("ladewerk.data-dir", dataDir.toString(), "ladewerk.emm.url", emm.url(),
                "ladewerk.emm.sync-interval", "1h"));
        emulator = Emulators.create(server.port());
        ChargingStation2 station = station(id);

        // on boot: SetVariables and ChangeAvailability, read back with GetVariables, pushed with per-key results
        await().atMost(Duration.ofSeconds(20)).until(() -> !puts(id).isEmpty());
        assertThat(station.received("SetVariables")).isEqualTo(1);
        assertThat(station.received("ChangeAvailability")).isEqualTo(1);
        assertThat(station.received("GetVariables")).isEqualTo(1);
        assertThat(station.evseStatus(1).get()).isEqualTo("Unavailable");
        assertThat(Files.readString(dir.resolve(id).resolve("configuration.json"))).contains("\"120\"");
        JsonNode put = puts(id).getFirst().json();
        assertThat(put.get("settings").get(HEARTBEAT).asString()).isEqualTo("120");
        assertThat(put.get("settings").get(SAMPLE).asString()).isEqualTo("5");
        assertThat(put.get("settings").get(READ_ONLY).asString()).isEqualTo("true");
        assertThat(put.get("settings").get("Availability").asString()).isEqualTo("Inoperative");
        assertThat(put.get("results").get(HEARTBEAT).asString()).isEqualTo("Accepted");
        assertThat(put.get("results").get(READ_ONLY).asString()).isEqualTo("Rejected");
        assertThat(put.get("results").get("Availability").asString()).isEqualTo("Accepted");

        // nothing changed on either side: repeated syncs send the station nothing and the EMM no PUT
        int before = commands(station);
        int putsBefore = puts(id).size();
        sync(id);
        sync(id);
        assertThat(commands(station)).isEqualTo(before);
        assertThat(puts(id)).hasSize(putsBefore);

        // a local change after the EMM's updatedAt: applied, pushed, and not overwritten by the EMM's older value
        var local = server.api().put("/api/v1/stations/" + id + "/settings", "{\"%s\": \"300\"}".formatted(HEARTBEAT));
        assertThat(local.status()).isEqualTo(200);
        assertThat(local.json().at("/results/" + HEARTBEAT.replace("/", "~1")).asString()).isEqualTo("Accepted");
        assertThat(puts(id).getLast().json().get("settings").get(HEARTBEAT).asString()).isEqualTo("300");
        int setsBefore = station.received("SetVariables");
        sync(id);
        assertThat(station.received("SetVariables")).isEqualTo(setsBefore);
        assertThat(puts(id).getLast().json().get("settings").get(HEARTBEAT).asString()).isEqualTo("300");
        assertThat(Files.readString(dir.resolve(id).resolve("configuration.json"))).contains("\"300\"");

        // a newer EMM change wins again: the station gets it, and Operative through ChangeAvailability
        emm.settings.put(id, """
                {"settings": {"%s": "600", "Availability": "Operative"}, "updatedAt": "%s"}"""
                .formatted(HEARTBEAT, Instant.now().plusSeconds(5)));
        JsonNode outcome = sync(id);
        assertThat(outcome.at("/results/" + HEARTBEAT.replace("/", "~1")).asString()).isEqualTo("Accepted");
        assertThat(outcome.at("/results/Availability").asString()).isEqualTo("Accepted");
        assertThat(station.received("ChangeAvailability")).isEqualTo(2);
        assertThat(station.evseStatus(1).get()).isEqualTo("Available");
        assertThat(puts(id).getLast().json().get("settings").get(HEARTBEAT).asString()).isEqualTo("600");

        // and once more nothing changed: nothing sent
        before = commands(station);
        sync(id);
        assertThat(commands(station)).isEqualTo(before);
    }
}
