package org.ladewerk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ladewerk.server.support.Ocpp2Messages.boot;
import static org.ladewerk.server.support.Ocpp2Messages.energy;
import static org.ladewerk.server.support.Ocpp2Messages.event;
import static org.ladewerk.server.support.Ocpp2Messages.idToken;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.Sessions;
import org.ladewerk.server.support.TestStation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** OCPP 2.0.1 and 2.1 stations on the same domain as 1.6 ones; every frame from the server is schema-checked. */
class Ocpp2Test extends ServerTest {

    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private TestStation station(String id, String subprotocol) {
        return TestStation.connect(URI.create("ws://127.0.0.1:" + port + "/ocpp/" + id), subprotocol, null);
    }

    private JsonNode onlyTransaction(String stationId) {
        JsonNode list = api().get("/api/v1/transactions?stationId=" + stationId).json();
        assertThat(list).hasSize(1);
        return api().get("/api/v1/transactions/" + list.get(0).get("id").asLong()).json();
    }

    private void fullSession(TestStation station, String tag) {
        assertThat(station.call("BootNotification", boot()).get("status").asString()).isEqualTo("Accepted");
        station.call("StatusNotification", Map.of("timestamp", t0.toString(), "connectorStatus", "Occupied", "evseId", 1, "connectorId", 1));
        assertThat(station.call("Authorize", Map.of("idToken", idToken(tag))).at("/idTokenInfo/status").asString()).isEqualTo("Accepted");
        var started = station.call("TransactionEvent", event("Started", 0, "tx-" + tag, "Authorized", t0, Map.of(
                "idToken", idToken(tag), "meterValue", List.of(energy(t0, 1000, "Transaction.Begin")))));
        assertThat(started.at("/idTokenInfo/status").asString()).isEqualTo("Accepted");
        station.call("TransactionEvent", event("Updated", 1, "tx-" + tag, "MeterValuePeriodic", t0.plusSeconds(60), Map.of(
                "transactionInfo", Map.of("transactionId", "tx-" + tag, "chargingState", "Charging"),
                "meterValue", List.of(Map.of("timestamp", t0.plusSeconds(60).toString(), "sampledValue", List.of(
                        Map.of("value", 2.0, "measurand", "Energy.Active.Import.Register", "unitOfMeasure", Map.of("unit", "kWh")),
                        Map.of("value", 11, "measurand", "Power.Active.Import", "unitOfMeasure", Map.of("unit", "W", "multiplier", 3)),
                        Map.of("value", 57, "measurand", "SoC", "unitOfMeasure", Map.of("unit", "Percent"))))))));
        station.call("TransactionEvent", event("Ended", 2, "tx-" + tag, "EVDeparted", t0.plusSeconds(120), Map.of(
                "meterValue", List.of(energy(t0.plusSeconds(120), 3000, "Transaction.End")))));
        station.call("Heartbeat", Map.of());
    }

    @Test
    void ocpp201SessionIsStoredLikeAnyOther() {
        String id = unique("cp201");
        String tag = unique("A", 12);
        api().put("/api/v1/id-tags/" + tag, "{}");
        try (var station = station(id, "ocpp2.0.1")) {
            assertThat(station.subprotocol()).isEqualTo("ocpp2.0.1");
            fullSession(station, tag);
            JsonNode t = onlyTransaction(id);
            assertThat(t.get("stationTransactionId").asString()).isEqualTo("tx-" + tag);
            assertThat(t.get("idTag").asString()).isEqualTo(tag);
            assertThat(t.get("evseId").asInt()).isEqualTo(1);
            assertThat(t.get("meterStartWh").asLong()).isEqualTo(1000);
            assertThat(t.get("meterStopWh").asLong()).isEqualTo(3000);
            assertThat(t.get("energyWh").asLong()).isEqualTo(2000);
            assertThat(t.get("stopReason").asString()).isEqualTo("EVDisconnected");
            assertThat(t.get("open").asBoolean()).isFalse();
            assertThat(Instant.parse(t.get("startAt").asString())).isEqualTo(t0);
            assertThat(t.get("samples")).extracting(s -> s.get("measurand").asString() + "=" + s.get("value").asString() + s.get("unit").asString())
                    .contains("Energy.Active.Import.Register=2kWh", "Power.Active.Import=11000W", "SoC=57Percent");
            JsonNode s = api().get("/api/v1/stations/" + id).json();
            assertThat(s.get("ocppVersion").asString()).isEqualTo("ocpp2.0.1");
            assertThat(s.get("vendor").asString()).isEqualTo("Ladewerk");
            assertThat(s.get("iccid").asString()).isEqualTo("8949");
            assertThat(station.schemaViolations).isEmpty();
        }
    }

    @Test
    void retriedAndOutOfOrderEventsMakeOneCorrectTransaction() {
        String id = unique("cp201");
        try (var station = station(id, "ocpp2.0.1")) {
            var started = event("Started", 0, "T-1", "CablePluggedIn", t0, Map.of("meterValue", List.of(energy(t0, 500, "Transaction.Begin"))));
            var authorized = event("Updated", 1, "T-1", "Authorized", t0.plusSeconds(5), Map.of("idToken", idToken("LATE-TOKEN"),
                    "transactionInfo", Map.of("transactionId", "T-1", "chargingState", "Charging")));
            var ended = event("Ended", 2, "T-1", "EVDeparted", t0.plusSeconds(300), Map.of(
                    "offline", true, "transactionInfo", Map.of("transactionId", "T-1", "chargingState", "Idle", "stoppedReason", "EVDisconnected"),
                    "meterValue", List.of(energy(t0.plusSeconds(300), 4500, "Transaction.End"))));
            // after an outage the station replays out of order, and retries what it never saw answered
            station.call("TransactionEvent", ended);
            station.call("TransactionEvent", started);
            station.call("TransactionEvent", ended);
            station.call("TransactionEvent", authorized);
            station.call("TransactionEvent", started);

            JsonNode t = onlyTransaction(id);
            assertThat(Instant.parse(t.get("startAt").asString())).isEqualTo(t0);
            assertThat(Instant.parse(t.get("stopAt").asString())).isEqualTo(t0.plusSeconds(300));
            assertThat(t.get("open").asBoolean()).isFalse();
            assertThat(t.get("idTag").asString()).isEqualTo("LATE-TOKEN");
            assertThat(t.get("chargingState").asString()).as("state of the highest seqNo").isEqualTo("Idle");
            assertThat(t.get("meterStartWh").asLong()).isEqualTo(500);
            assertThat(t.get("meterStopWh").asLong()).isEqualTo(4500);
            assertThat(t.get("samples")).as("retries add no samples").hasSize(2);
        }
    }

    @Test
    void mixedFleetLooksTheSameInTheResourceApi() {
        String v16 = unique("mix16");
        String v201 = unique("mix201");
        String tag = unique("M", 12);
        api().put("/api/v1/id-tags/" + tag, "{\"maxActiveTransactions\":2}");
        try (var a = station(v16); var b = station(v201, "ocpp2.0.1")) {
            Sessions.fullSession(a, api(), tag);
            fullSession(b, tag);
            JsonNode t16 = onlyTransaction(v16);
            JsonNode t201 = onlyTransaction(v201);
            for (String field : List.of("id", "stationTransactionId", "stationId", "evseId", "connectorId", "idTag", "authorizationStatus",
                    "meterStartWh", "startAt", "meterStopWh", "stopAt", "stopReason", "energyWh", "open")) {
                assertThat(t16.get(field).isNull()).as("1.6 %s", field).isFalse();
                assertThat(t201.get(field).isNull()).as("2.0.1 %s", field).isFalse();
            }
            assertThat(t16.get("energyWh").asLong()).isEqualTo(t201.get("energyWh").asLong()).isEqualTo(2000);
            assertThat(t16.get("samples").get(0).properties().stream().map(Map.Entry::getKey).toList())
                    .isEqualTo(t201.get("samples").get(0).properties().stream().map(Map.Entry::getKey).toList());
            JsonNode stations = api().get("/api/v1/stations?online=true").json();
            assertThat(stations).extracting(s -> s.get("id").asString()).contains(v16, v201);
            for (JsonNode s : stations) {
                if (!List.of(v16, v201).contains(s.get("id").asString())) continue;
                assertThat(s.get("connectors")).isNotEmpty();
                assertThat(s.get("connectors").get(0).get("evseId").asInt()).isEqualTo(1);
            }
        }
    }

    @Test
    void deviceModelFromNotifyReportAndVariablesAndMonitors() {
        String id = unique("dm");
        try (var station = station(id, "ocpp2.0.1")) {
            station.answer("GetBaseReport", p -> Map.of("status", "Accepted"));
            assertThat(api().post("/api/v1/ChargePoint/" + id + "/GetBaseReport", "{\"requestId\":1,\"reportBase\":\"FullInventory\"}")
                    .json().get("status").asString()).isEqualTo("Accepted");
            station.call("NotifyReport", Map.of("requestId", 1, "generatedAt", t0.toString(), "seqNo", 0, "tbc", false, "reportData", List.of(
                    Map.of("component", Map.of("name", "OCPPCommCtrlr"), "variable", Map.of("name", "HeartbeatInterval"),
                            "variableAttribute", List.of(Map.of("type", "Actual", "value", "300", "mutability", "ReadWrite")),
                            "variableCharacteristics", Map.of("dataType", "integer", "unit", "s", "supportsMonitoring", false)),
                    Map.of("component", Map.of("name", "EVSE", "evse", Map.of("id", 1)), "variable", Map.of("name", "Power"),
                            "variableAttribute", List.of(Map.of("type", "Actual", "value", "0", "mutability", "ReadOnly"),
                                    Map.of("type", "MaxSet", "value", "22000", "mutability", "ReadOnly")),
                            "variableCharacteristics", Map.of("dataType", "decimal", "unit", "W", "maxLimit", 22000, "supportsMonitoring", true)))));
            station.answer("SetVariables", p -> Map.of("setVariableResult", List.of(Map.of("attributeStatus", "Accepted",
                    "component", Map.of("name", "OCPPCommCtrlr"), "variable", Map.of("name", "HeartbeatInterval")))));
            assertThat(api().post("/api/v1/ChargePoint/" + id + "/SetVariables", "{\"setVariableData\":[{\"attributeValue\":\"120\","
                    + "\"component\":{\"name\":\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"HeartbeatInterval\"}}]}").status()).isEqualTo(200);
            station.answer("SetVariableMonitoring", p -> Map.of("setMonitoringResult", List.of(Map.of("id", 7, "status", "Accepted",
                    "type", "UpperThreshold", "severity", 4, "component", Map.of("name", "EVSE", "evse", Map.of("id", 1)),
                    "variable", Map.of("name", "Power")))));
            api().post("/api/v1/ChargePoint/" + id + "/SetVariableMonitoring", "{\"setMonitoringData\":[{\"value\":20000,\"type\":\"UpperThreshold\","
                    + "\"severity\":4,\"component\":{\"name\":\"EVSE\",\"evse\":{\"id\":1}},\"variable\":{\"name\":\"Power\"}}]}");

            JsonNode variables = api().get("/api/v1/stations/" + id + "/variables").json();
            assertThat(variables).extracting(v -> v.at("/ref/component").asString() + "/" + v.at("/ref/evseId").asInt() + "/"
                    + v.at("/ref/variable").asString() + "/" + v.get("attributeType").asString() + "=" + v.get("value").asString()
                    + " " + v.get("unit").asString())
                    .containsExactlyInAnyOrder("EVSE/1/Power/Actual=0 W", "EVSE/1/Power/MaxSet=22000 W",
                            "OCPPCommCtrlr/0/HeartbeatInterval/Actual=120 s");
            JsonNode monitors = api().get("/api/v1/stations/" + id + "/monitors").json();
            assertThat(monitors).singleElement().satisfies(m -> assertThat(m.get("value").asDouble()).isEqualTo(20000));
            station.answer("ClearVariableMonitoring", p -> Map.of("clearMonitoringResult", List.of(Map.of("id", 7, "status", "Accepted"))));
            api().post("/api/v1/ChargePoint/" + id + "/ClearVariableMonitoring", "{\"id\":[7]}");
            assertThat(api().get("/api/v1/stations/" + id + "/monitors").json()).isEmpty();
            assertThat(station.schemaViolations).isEmpty();
        }
    }

    @Test
    void otherStationMessagesAreKeptAndAnsweredValidly() {
        String id = unique("rep");
        try (var station = station(id, "ocpp2.0.1")) {
            station.call("SecurityEventNotification", Map.of("type", "FirmwareUpdated", "timestamp", t0.toString()));
            station.call("NotifyEvent", Map.of("generatedAt", t0.toString(), "seqNo", 0, "eventData", List.of(Map.of("eventId", 1,
                    "timestamp", t0.toString(), "trigger", "Alerting", "actualValue", "Faulted", "eventNotificationType", "HardWiredNotification",
                    "component", Map.of("name", "Connector"), "variable", Map.of("name", "AvailabilityState")))));
            station.call("FirmwareStatusNotification", Map.of("status", "Installed", "requestId", 3));
            station.call("LogStatusNotification", Map.of("status", "Uploaded", "requestId", 4));
            assertThat(station.call("SignCertificate", Map.of("csr", "-----BEGIN CERTIFICATE REQUEST-----")).get("status").asString()).isEqualTo("Accepted");
            assertThat(station.call("GetCertificateStatus", Map.of("ocspRequestData", Map.of("hashAlgorithm", "SHA256",
                    "issuerNameHash", "a", "issuerKeyHash", "b", "serialNumber", "c", "responderURL", "http://ocsp.invalid")))
                    .get("status").asString()).isEqualTo("Failed");
            assertThat(station.call("DataTransfer", Map.of("vendorId", "com.example", "data", Map.of("x", 1))).get("status").asString())
                    .isEqualTo("Accepted");
            assertThat(api().get("/api/v1/stations/" + id + "/reports").json()).extracting(r -> r.get("action").asString())
                    .contains("SecurityEventNotification", "NotifyEvent", "SignCertificate", "GetCertificateStatus");
            assertThat(api().get("/api/v1/stations/" + id + "/maintenance").json()).extracting(r -> r.get("kind").asString())
                    .containsExactlyInAnyOrder("firmware", "log");
            assertThat(station.schemaViolations).isEmpty();
        }
    }

    @Test
    void resourceApiRendersCommandsInTheStationsVersion() {
        String id = unique("res");
        try (var station = station(id, "ocpp2.0.1")) {
            station.answer("ReserveNow", p -> Map.of("status", "Accepted"));
            var r = api().post("/api/v1/reservations", "{\"stationId\":\"" + id + "\",\"evseId\":1,\"idTag\":\"RES\",\"expiryDate\":\""
                    + t0.plus(1, ChronoUnit.HOURS) + "\"}");
            assertThat(r.status()).isEqualTo(201);
            ArrayNode call = station.receivedCalls.getFirst();
            assertThat(call.get(3).get("idToken").get("idToken").asString()).isEqualTo("RES");
            assertThat(r.json().get("status").asString()).isEqualTo("Accepted");
            assertThat(station.schemaViolations).isEmpty();
        }
    }

    @Test
    void ocpp21StationBootsAndCompletesATransactionWithEveryFrameValid() throws Exception {
        String id = unique("cp21");
        String tag = unique("Z", 12);
        api().put("/api/v1/id-tags/" + tag, "{}");
        try (var station = station(id, "ocpp2.1")) {
            assertThat(station.subprotocol()).isEqualTo("ocpp2.1");
            fullSession(station, tag);
            assertThat(onlyTransaction(id).get("energyWh").asLong()).isEqualTo(2000);

            // 2.1 framing: SEND is stored and never answered
            station.sendOnly("[6,\"s1\",\"NotifyPeriodicEventStream\",{\"id\":1,\"pending\":0,\"basetime\":\"" + t0 + "\",\"data\":[{\"t\":0,\"v\":\"1\"}]}]");
            org.awaitility.Awaitility.await().until(() -> api().get("/api/v1/stations/" + id + "/reports?action=NotifyPeriodicEventStream").json().size() == 1);
            // an invalid answer to a central-system call gets a CALLRESULTERROR and the API a 502
            station.answer("ClearCache", p -> Map.of("status", "Maybe"));
            var r = api().post("/api/v1/ChargePoint/" + id + "/ClearCache", "{}");
            assertThat(r.status()).isEqualTo(502);
            ArrayNode resultError = station.next(java.time.Duration.ofSeconds(5));
            assertThat(resultError.get(0).asInt()).isEqualTo(5);
            assertThat(resultError.get(1).asString()).isEqualTo(station.receivedCalls.getLast().get(1).asString());
            assertThat(station.schemaViolations).isEmpty();
        }
    }
}
