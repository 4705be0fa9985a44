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
import org.ladewerk.simulator.Emulator;
import org.ladewerk.simulator.ev.Ev;
import org.ladewerk.simulator.ev.EvCatalog;
import org.ladewerk.simulator.station.Behaviour;
import org.ladewerk.simulator.station.ChargePoint;
import org.ladewerk.simulator.v2.ChargingStation2;
import org.ladewerk.simulator.v2.Station2Config;
import tools.jackson.databind.JsonNode;

/**
 * Emulated OCPP 2.0.1 and 2.1 stations, configured in the ocpp-cs 2.0.1 layout, against the real
 * central system (which checks every frame they send against the official schemas).
 */
class Emulator2Test extends ServerTest {

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

    /** A configuration.json as ocpp-cs writes it for OCPP 2.0.1 stations. */
    private ChargingStation2 station(String id, String ocppVersion) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(id));
        Files.writeString(folder.resolve("configuration.json"), """
                {
                  "OcppVersion": "%s",
                  "ChargePointVendor": "Ladewerk",
                  "ChargePointModel": "Two-EVSE AC",
                  "ChargePointSerialNumber": "SN-%s",
                  "ChargePointSoftwareVersion": "2.4.1",
                  "CentralSystemURL": "ws://127.0.0.1:%d/ocpp/",
                  "Evses": [
                    {"evseId": 1, "power": 11000, "connectors": [{"connectorId": 1, "type": "sType2"}]},
                    {"evseId": 2, "power": 22000, "connectors": [{"connectorId": 1, "type": "sType2"}]}
                  ],
                  "ConfigurationKeys": {
                    "HeartbeatInterval": {"value": "60", "readonly": false},
                    "MeterValueSampleInterval": {"value": "1", "readonly": false},
                    "AuthorizeRemoteTxRequests": {"value": "true", "readonly": true}
                  },
                  "Geo": {"latitude": 52.52, "longitude": 13.40, "location": "Berlin"}
                }
                """.formatted(ocppVersion, id, port));
        assertThat(Station2Config.isV2(folder.resolve("configuration.json"))).isTrue();
        ChargingStation2 station = emulator.add(id, Station2Config.read(folder.resolve("configuration.json")));
        station.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> "Accepted".equals(station.registration()));
        return station;
    }

    private JsonNode onlyTransaction(String stationId) {
        JsonNode list = api().get("/api/v1/transactions?stationId=" + stationId).json();
        assertThat(list).hasSize(1);
        return api().get("/api/v1/transactions/" + list.get(0).get("id").asLong()).json();
    }

    private void completeSession(ChargingStation2 station, String tag) {
        station.plugIn(1, new Ev(EvCatalog.FAMILY, 20, 80), tag);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(onlyTransaction(station.identity()).get("samples")).extracting(s -> s.get("measurand").asString())
                        .contains("Power.Active.Import", "Current.Import", "Voltage", "SoC"));
        station.unplug(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !onlyTransaction(station.identity()).get("open").asBoolean());
    }

    @Test
    void ocpp201StationCompletesASessionFromItsEvModel() throws Exception {
        String id = unique("E201");
        String tag = unique("T", 12);
        api().put("/api/v1/id-tags/" + tag, "{}");
        ChargingStation2 station = station(id, "2.0.1");
        JsonNode s = api().get("/api/v1/stations/" + id).json();
        assertThat(s.get("ocppVersion").asString()).isEqualTo("ocpp2.0.1");
        assertThat(s.get("model").asString()).isEqualTo("Two-EVSE AC");
        await().untilAsserted(() -> assertThat(api().get("/api/v1/stations/" + id).json().get("connectors")).hasSize(2));

        completeSession(station, tag);
        JsonNode t = onlyTransaction(id);
        assertThat(t.get("idTag").asString()).isEqualTo(tag);
        assertThat(t.get("stopReason").asString()).isEqualTo("EVDisconnected");
        assertThat(t.get("energyWh").asLong()).isPositive();
        assertThat(t.get("samples")).filteredOn(x -> x.get("measurand").asString().equals("Power.Active.Import"))
                .allSatisfy(x -> assertThat(x.get("value").asDouble()).isEqualTo(11000));
    }

    @Test
    void ocpp21StationCompletesATransaction() throws Exception {
        String id = unique("E21");
        ChargingStation2 station = station(id, "2.1");
        assertThat(api().get("/api/v1/stations/" + id).json().get("ocppVersion").asString()).isEqualTo("ocpp2.1");
        completeSession(station, "ANY-TOKEN");
        assertThat(onlyTransaction(id).get("energyWh").asLong()).isPositive();
    }

    @Test
    void centralSystemOperationsTakeEffectOnTheEmulatedStation() throws Exception {
        String id = unique("C201");
        ChargingStation2 station = station(id, "2.0.1");
        String command = "/api/v1/ChargePoint/" + id + "/";

        // device model: report, read, write (saved back to configuration.json)
        assertThat(api().post(command + "GetBaseReport", "{\"requestId\":5,\"reportBase\":\"FullInventory\"}").json()
                .get("status").asString()).isEqualTo("Accepted");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api().get("/api/v1/stations/" + id + "/variables").json())
                .extracting(v -> v.at("/ref/variable").asString()).contains("HeartbeatInterval", "MeterValueSampleInterval", "Power"));
        JsonNode get = api().post(command + "GetVariables", "{\"getVariableData\":[{\"component\":{\"name\":\"OCPPCommCtrlr\"},"
                + "\"variable\":{\"name\":\"HeartbeatInterval\"}}]}").json();
        assertThat(get.at("/getVariableResult/0/attributeValue").asString()).isEqualTo("60");
        JsonNode set = api().post(command + "SetVariables", "{\"setVariableData\":[{\"attributeValue\":\"120\",\"component\":"
                + "{\"name\":\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"HeartbeatInterval\"}},{\"attributeValue\":\"false\","
                + "\"component\":{\"name\":\"AuthCtrlr\"},\"variable\":{\"name\":\"AuthorizeRemoteTxRequests\"}}]}").json();
        assertThat(set.get("setVariableResult")).extracting(r -> r.get("attributeStatus").asString()).containsExactly("Accepted", "Rejected");
        assertThat(Files.readString(dir.resolve(id).resolve("configuration.json"))).contains("\"120\"");

        // remote start, a charging limit that the EV's power follows, remote stop
        assertThat(api().post(command + "SetChargingProfile", "{\"evseId\":1,\"chargingProfile\":{\"id\":3,\"stackLevel\":0,"
                + "\"chargingProfilePurpose\":\"TxDefaultProfile\",\"chargingProfileKind\":\"Absolute\",\"chargingSchedule\":[{\"id\":1,"
                + "\"chargingRateUnit\":\"W\",\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":4000}]}]}}").json()
                .get("status").asString()).isEqualTo("Accepted");
        assertThat(api().post(command + "RequestStartTransaction", "{\"idToken\":{\"idToken\":\"REMOTE\",\"type\":\"Central\"},"
                + "\"remoteStartId\":77,\"evseId\":1}").json().get("status").asString()).isEqualTo("Accepted");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(onlyTransaction(id).get("samples"))
                .filteredOn(x -> x.get("measurand").asString().equals("Power.Active.Import")).isNotEmpty()
                .allSatisfy(x -> assertThat(x.get("value").asDouble()).isEqualTo(4000)));
        String tx = station.transactionId(1).orElseThrow();
        assertThat(onlyTransaction(id).get("stationTransactionId").asString()).isEqualTo(tx);
        // a profile for the running transaction names it by the station's id; the API by ours
        assertThat(api().post(command + "SetChargingProfile", "{\"evseId\":1,\"chargingProfile\":{\"id\":4,\"stackLevel\":1,"
                + "\"chargingProfilePurpose\":\"TxProfile\",\"chargingProfileKind\":\"Relative\",\"transactionId\":\"" + tx + "\","
                + "\"chargingSchedule\":[{\"id\":2,\"chargingRateUnit\":\"W\",\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":5000}]}]}}")
                .json().get("status").asString()).isEqualTo("Accepted");
        assertThat(api().get("/api/v1/charging-profiles?stationId=" + id).json()).filteredOn(p -> p.get("profileId").asInt() == 4)
                .singleElement().satisfies(p -> assertThat(p.get("transactionId").asLong()).isEqualTo(onlyTransaction(id).get("id").asLong()));
        assertThat(api().post(command + "GetTransactionStatus", "{\"transactionId\":\"" + tx + "\"}").json()
                .get("ongoingIndicator").asBoolean()).isTrue();
        assertThat(api().post(command + "RequestStopTransaction", "{\"transactionId\":\"" + tx + "\"}").json()
                .get("status").asString()).isEqualTo("Accepted");
        await().atMost(Duration.ofSeconds(10)).until(() -> "Remote".equals(onlyTransaction(id).get("stopReason").asString()));

        // firmware update and log upload report their progress; a reset makes the station boot again
        api().post(command + "UpdateFirmware", "{\"requestId\":9,\"firmware\":{\"location\":\"https://example.invalid/fw\","
                + "\"retrieveDateTime\":\"2026-01-01T00:00:00Z\"}}");
        api().post(command + "GetLog", "{\"logType\":\"DiagnosticsLog\",\"requestId\":10,\"log\":{\"remoteLocation\":\"ftp://example.invalid/\"}}");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(api().get("/api/v1/stations/" + id + "/maintenance").json())
                .extracting(m -> m.get("kind").asString() + ":" + m.get("status").asString()).contains("firmware:Installed", "log:Uploaded"));
        String bootedBefore = api().get("/api/v1/stations/" + id).json().get("lastBootAt").asString();
        // the station may still be rebooting after its firmware update (404 meanwhile): ask until it takes the Reset
        await().atMost(Duration.ofSeconds(30)).until(() -> "Accepted".equals(
                api().post(command + "Reset", "{\"type\":\"Immediate\"}").json().path("status").asString()));
        await().atMost(Duration.ofSeconds(20)).until(() -> !bootedBefore.equals(api().get("/api/v1/stations/" + id).json().get("lastBootAt").asString()));

        // every central-system operation of 2.0.1 gets a valid answer (the server checks it against the schema)
        for (String action : List.of("ClearCache", "GetLocalListVersion", "CostUpdated", "GetDisplayMessages", "GetInstalledCertificateIds")) {
            String payload = switch (action) {
                case "CostUpdated" -> "{\"totalCost\":1.5,\"transactionId\":\"x\"}";
                case "GetDisplayMessages" -> "{\"requestId\":1}";
                default -> "{}";
            };
            // 404 only while the rebooted station is still reconnecting
            int status = await().atMost(Duration.ofSeconds(30)).until(() -> api().post(command + action, payload).status(), s -> s != 404);
            assertThat(status).as(action).isEqualTo(200);
        }
    }

    @Test
    void mixedFleetOfEmulatedStationsLooksTheSameInTheResourceApi() throws Exception {
        String tag = unique("F", 12);
        api().put("/api/v1/id-tags/" + tag, "{\"maxActiveTransactions\":2}");
        String id16 = unique("F16");
        ChargePoint cp = emulator.add(Emulators.folder(dir, id16, 1, Map.of("MeterValueSampleInterval", "1")), Behaviour.manual());
        cp.start();
        Emulators.awaitAccepted(cp);
        ChargingStation2 v2 = station(unique("F201"), "2.0.1");

        cp.startSession(1, new Ev(EvCatalog.FAMILY, 20, 80), tag).get();
        completeSession(v2, tag);
        await().atMost(Duration.ofSeconds(10)).until(() -> api().get("/api/v1/transactions?stationId=" + id16).json().size() == 1
                && onlyTransaction(id16).get("samples").size() > 3);
        cp.unplug(1).get();
        await().atMost(Duration.ofSeconds(10)).until(() -> !onlyTransaction(id16).get("open").asBoolean());

        JsonNode a = onlyTransaction(id16);
        JsonNode b = onlyTransaction(v2.identity());
        assertThat(fieldNames(a)).isEqualTo(fieldNames(b));
        for (JsonNode t : List.of(a, b)) {
            assertThat(t.get("evseId").asInt()).isEqualTo(1);
            assertThat(t.get("idTag").asString()).isEqualTo(tag);
            assertThat(t.get("energyWh").asLong()).isPositive();
            assertThat(t.get("samples")).extracting(s -> s.get("measurand").asString())
                    .contains("Energy.Active.Import.Register", "Power.Active.Import", "Current.Import", "SoC");
        }
        assertThat(fieldNames(a.get("samples").get(0))).isEqualTo(fieldNames(b.get("samples").get(0)));
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }
}
