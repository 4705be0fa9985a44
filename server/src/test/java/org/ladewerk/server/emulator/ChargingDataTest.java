package org.ladewerk.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.server.support.EmmStandIn;
import org.ladewerk.server.support.RunningServer;
import org.ladewerk.simulator.Emulator;
import org.ladewerk.simulator.ev.Ev;
import org.ladewerk.simulator.ev.EvCatalog;
import org.ladewerk.simulator.station.Behaviour;
import org.ladewerk.simulator.station.ChargePoint;
import org.ladewerk.simulator.v2.ChargingStation2;
import org.ladewerk.simulator.v2.Station2Config;
import tools.jackson.databind.JsonNode;

/**
 * Plug-in sessions, the CSV archive, status.json and the EMM push, driven by emulated stations against
 * the real server and a real HTTP EMM stand-in, across an EMM outage and a server restart.
 */
class ChargingDataTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path stations;

    private EmmStandIn emm;
    private Emulator emulator;

    @AfterEach
    void close() {
        if (emulator != null) emulator.close();
        if (emm != null) emm.close();
    }

    private RunningServer server(int emmPort) {
        var props = new HashMap<String, Object>();
        props.put("ladewerk.data-dir", dataDir.toString());
        props.put("ladewerk.emm.url", "http://127.0.0.1:" + emmPort);
        props.put("ladewerk.emm.api-key", "emm-key-1");
        props.put("ladewerk.emm.status-interval", "300ms");
        props.put("ladewerk.emm.max-backoff", "1s");
        props.put("ladewerk.status.refresh", "200ms");
        props.put("ladewerk.status.file", dataDir.resolve("www/status.json").toString());
        return RunningServer.start(props);
    }

    /**
     * The station in status.json. The snapshot is rebuilt every 5 s, so a read soon after the station's boot
     * may not list it yet: an assertion error then, which untilAsserted retries (it does not retry others).
     */
    private static JsonNode station(JsonNode status, String stationId) {
        for (JsonNode s : status.get("stations"))
            if (s.get("stationId").asString().equals(stationId)) return s;
        throw new AssertionError(stationId + " is not in status.json yet");
    }

    @Test
    void sessionIsArchivedAndPushedExactlyOnceAcrossAnEmmOutageAndARestart() throws Exception {
        emm = EmmStandIn.start(0);
        int emmPort = Integer.parseInt(emm.url().substring(emm.url().lastIndexOf(':') + 1));
        emm.answer(c -> c.path().equals("/charging-sessions") ? new EmmStandIn.Reply(503, "{\"error\":\"maintenance\"}") : null);
        String id = "CP-DATA-1";
        long sessionId;
        JsonNode session;
        try (var server = server(emmPort)) {
            var api = server.api();
            api.put("/api/v1/id-tags/TAG-DATA", "{\"status\":\"Accepted\"}");
            emulator = Emulators.create(server.port());
            ChargePoint cp = emulator.add(Emulators.folder(stations, id, 1, Map.of()), Behaviour.manual());
            cp.start();
            Emulators.awaitAccepted(cp);

            cp.startSession(1, new Ev(EvCatalog.FAMILY, 20, 80), "TAG-DATA").get();
            // status.json follows the station: charging at 11 kW with the session's energy growing
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode s = station(api.get("/api/v1/status.json").json(), id);
                assertThat(s.get("online").asBoolean()).isTrue();
                JsonNode evse = s.at("/evses/0");
                assertThat(evse.isMissingNode()).as("the connector's first status reached status.json").isFalse();
                assertThat(evse.at("/connectors/0/status").asString()).isEqualTo("Charging");
                assertThat(evse.get("powerW").asDouble()).isEqualTo(11_000.0);
                assertThat(evse.get("sessionEnergyWh").asDouble()).isPositive();
            });
            JsonNode open = api.get("/api/v1/charging-sessions?station=" + id + "&open=true").json();
            assertThat(open).hasSize(1);
            assertThat(open.get(0).get("idTag").asString()).isEqualTo("TAG-DATA");
            // the same snapshot reaches the EMM and the status file
            await().atMost(Duration.ofSeconds(10)).until(() -> emm.calls("POST", "/status").stream()
                    .anyMatch(c -> c.body().contains("Charging") && "emm-key-1".equals(c.headers().get("x-api-key"))));
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dataDir.resolve("www/status.json"))
                    && Files.readString(dataDir.resolve("www/status.json")).contains("Charging"));

            cp.unplug(1).get();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode list = api.get("/api/v1/charging-sessions?station=" + id).json();
                assertThat(list).hasSize(1);
                JsonNode s = list.get(0);
                assertThat(s.get("open").asBoolean()).isFalse();
                assertThat(s.get("energyWh").asLong()).isPositive().isEqualTo(s.get("meterStopWh").asLong() - s.get("meterStartWh").asLong());
                assertThat(s.get("maxPowerW").asDouble()).isEqualTo(11_000.0);
                assertThat(s.get("stopReason").asString()).isEqualTo("EVDisconnected");
                assertThat(s.get("transactionId").isNumber()).isTrue();
                assertThat(Instant.parse(s.get("chargingStartedAt").asString())).isAfterOrEqualTo(Instant.parse(s.get("pluggedInAt").asString()));
                assertThat(Instant.parse(s.get("unpluggedAt").asString())).isAfterOrEqualTo(Instant.parse(s.get("chargingEndedAt").asString()));
                assertThat(s.at("/emm/state").asString()).isEqualTo("pending");
                assertThat(s.at("/emm/lastError").asString()).contains("503");
            });
            session = api.get("/api/v1/charging-sessions?station=" + id).json().get(0);
            sessionId = session.get("id").asLong();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode evse = station(api.get("/api/v1/status.json").json(), id).at("/evses/0");
                assertThat(evse.isMissingNode()).isFalse();
                assertThat(evse.at("/connectors/0/status").asString()).isEqualTo("Available");
                assertThat(evse.get("transactionId").isNull()).isTrue();
            });
            JsonNode link = api.get("/api/v1/emm").json();
            assertThat(link.get("backlog").asLong()).isEqualTo(1);
            assertThat(link.get("lastError").asString()).contains("503");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(archive(id, session)));
            emulator.close();
            emulator = null;
        }
        assertThat(emm.calls("POST", "/charging-sessions")).isNotEmpty(); // tried, refused

        // the EMM comes back, first with an answer that is not JSON (retried), then properly
        var servedHtml = new AtomicBoolean();
        emm.answer(c -> c.path().equals("/charging-sessions") && servedHtml.compareAndSet(false, true)
                ? new EmmStandIn.Reply(200, "<html>maintenance</html>") : null);
        try (var server = server(emmPort)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(server.api().get("/api/v1/charging-sessions/" + sessionId).json().at("/emm/state").asString()).isEqualTo("delivered"));
            assertThat(servedHtml.get()).isTrue();
            List<EmmStandIn.Call> accepted = emm.calls("POST", "/charging-sessions").stream().filter(c -> c.json().get("id").asLong() == sessionId)
                    .toList();
            assertThat(accepted).allSatisfy(c -> {
                assertThat(c.headers().get("idempotency-key")).isEqualTo(Long.toString(sessionId));
                assertThat(c.headers().get("x-api-key")).isEqualTo("emm-key-1");
            });
            JsonNode pushed = accepted.getLast().json();
            assertThat(pushed.get("stationId").asString()).isEqualTo(id);
            assertThat(pushed.get("energyWh").asLong()).isPositive();
            assertThat(pushed.has("emm")).isFalse();
            assertThat(server.api().get("/api/v1/emm").json().get("backlog").asLong()).isZero();
            // the CSV export and the archive hold it once
            String csv = server.api().get("/api/v1/charging-sessions.csv?station=" + id).body();
            assertThat(csv.lines().toList()).hasSize(2);
            assertThat(csv.lines().toList().get(1)).startsWith(sessionId + "," + id + ",1,1,");
        }
        List<String> lines = Files.readAllLines(archive(id, session));
        assertThat(lines).hasSize(2);
        assertThat(lines.getFirst()).startsWith("id,stationId,evseId,connectorId,pluggedInAt");
        assertThat(lines.get(1)).startsWith(sessionId + "," + id + ",");
    }

    @Test
    void ocpp201PlugInSessionHoldsItsTransactionAndSemicolonCsv() throws Exception {
        var props = new HashMap<String, Object>();
        props.put("ladewerk.data-dir", dataDir.toString());
        props.put("ladewerk.charging-data.csv-separator", ";");
        props.put("ladewerk.charging-data.decimal-mark", ",");
        try (var server = RunningServer.start(props)) {
            String id = "E201-DATA";
            Path folder = Files.createDirectories(stations.resolve(id));
            Files.writeString(folder.resolve("configuration.json"), """
                    {"OcppVersion": "2.0.1", "ChargePointVendor": "Ladewerk", "ChargePointModel": "AC",
                     "ChargePointSerialNumber": "SN-1", "ChargePointSoftwareVersion": "2.4.1",
                     "CentralSystemURL": "ws://127.0.0.1:%d/ocpp/",
                     "Evses": [{"evseId": 1, "power": 11000, "connectors": [{"connectorId": 1, "type": "sType2"}]}],
                     "ConfigurationKeys": {"MeterValueSampleInterval": {"value": "1", "readonly": false}}}
                    """.formatted(server.port()));
            emulator = Emulators.create(server.port());
            ChargingStation2 station = emulator.add(id, Station2Config.read(folder.resolve("configuration.json")));
            station.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> "Accepted".equals(station.registration()));
            station.plugIn(1, new Ev(EvCatalog.FAMILY, 20, 80), "TOKEN-201");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(server.api().get("/api/v1/charging-sessions?station=" + id + "&open=true").json().get(0).get("maxPowerW").asDouble())
                            .isEqualTo(11_000.0));
            station.unplug(1);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode s = server.api().get("/api/v1/charging-sessions?station=" + id).json().get(0);
                assertThat(s.get("open").asBoolean()).isFalse();
                assertThat(s.get("evseId").asInt()).isEqualTo(1);
                assertThat(s.get("idTag").asString()).isEqualTo("TOKEN-201");
                assertThat(s.get("transactionId").isNumber()).isTrue();
                assertThat(s.get("energyWh").asLong()).isPositive();
                assertThat(s.get("chargingStartedAt").isNull()).isFalse();
                assertThat(s.has("emm") && !s.get("emm").isNull()).as("no EMM configured").isFalse();
            });
            assertThat(server.api().get("/api/v1/charging-sessions?station=" + id).json()).hasSize(1);
            String csv = server.api().get("/api/v1/charging-sessions.csv?station=" + id).body();
            assertThat(csv.lines().findFirst().orElseThrow()).startsWith("id;stationId;evseId;");
            assertThat(csv.lines().skip(1).findFirst().orElseThrow()).contains(";" + id + ";1;1;").contains(";11000;");
        }
    }

    /** The archive file of the month the session ended in. */
    private Path archive(String stationId, JsonNode session) {
        return dataDir.resolve("charging-data").resolve(stationId).resolve(DateTimeFormatter.ofPattern("yyyy-MM")
                .withZone(ZoneOffset.UTC).format(Instant.parse(session.get("unpluggedAt").asString())) + ".csv");
    }
}
