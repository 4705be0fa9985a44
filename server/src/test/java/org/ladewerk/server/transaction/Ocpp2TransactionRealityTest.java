package org.ladewerk.server.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ladewerk.server.support.Ocpp2Messages.boot;
import static org.ladewerk.server.support.Ocpp2Messages.energy;
import static org.ladewerk.server.support.Ocpp2Messages.event;
import static org.ladewerk.server.support.Ocpp2Messages.idToken;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.TestStation;
import tools.jackson.databind.JsonNode;

/**
 * OCPP 2.0.1 transactions as real stations report them: Authorize, dropped transactions, remote
 * starts without idToken, decimal and signed registers, and stations that never booted. Every frame
 * the central system sends is checked against the official schemas.
 */
class Ocpp2TransactionRealityTest extends ServerTest {

    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);

    private TestStation station201(String id) {
        return TestStation.connect(URI.create("ws://127.0.0.1:" + port + "/ocpp/" + id), "ocpp2.0.1", null);
    }

    private String tag(String prefix) {
        String tag = unique(prefix);
        api().put("/api/v1/id-tags/" + tag, "{}");
        return tag;
    }

    private JsonNode transaction(String stationId, String stationTxId) {
        for (JsonNode t : api().get("/api/v1/transactions?stationId=" + stationId).json())
            if (t.get("stationTransactionId").asString().equals(stationTxId))
                return api().get("/api/v1/transactions/" + t.get("id").asLong()).json();
        throw new AssertionError("no transaction " + stationTxId);
    }

    @Test
    void droppedTransactionIsClosedByTheNextStartAndConcurrentTxIsOnlyForStarted() {
        String id = unique("cp201");
        String tag = tag("D");
        try (var station = station201(id)) {
            station.call("BootNotification", boot());
            station.call("TransactionEvent", event("Started", 0, "a", "Authorized", t0, Map.of("idToken", idToken(tag),
                    "meterValue", List.of(energy(t0, 1000.25, "Transaction.Begin")))));
            station.call("TransactionEvent", event("Updated", 1, "a", "MeterValuePeriodic", t0.plusSeconds(60), Map.of(
                    "meterValue", List.of(energy(t0.plusSeconds(60), 2234.57, "Sample.Periodic")))));
            assertThat(station.call("Authorize", Map.of("idToken", idToken(tag))).at("/idTokenInfo/status").asString())
                    .as("Authorize never answers ConcurrentTx").isEqualTo("Accepted");

            // a second transaction of the tag on another EVSE: ConcurrentTx, but only in the answer to Started
            var concurrent = station.call("TransactionEvent", event("Started", 0, "c", "Authorized", t0.plusSeconds(90), Map.of(
                    "idToken", idToken(tag), "evse", Map.of("id", 2, "connectorId", 1))));
            assertThat(concurrent.at("/idTokenInfo/status").asString()).isEqualTo("ConcurrentTx");
            var later = station.call("TransactionEvent", event("Updated", 1, "c", "Authorized", t0.plusSeconds(95), Map.of(
                    "idToken", idToken(tag), "evse", Map.of("id", 2, "connectorId", 1))));
            assertThat(later.at("/idTokenInfo/status").asString()).isEqualTo("Accepted");
            station.call("TransactionEvent", event("Ended", 2, "c", "StopAuthorized", t0.plusSeconds(100), Map.of(
                    "evse", Map.of("id", 2, "connectorId", 1))));

            // the station forgot "a" (no Ended) and starts "b" on the same EVSE
            var b = station.call("TransactionEvent", event("Started", 0, "b", "Authorized", t0.plusSeconds(600), Map.of(
                    "idToken", idToken(tag), "meterValue", List.of(energy(t0.plusSeconds(600), 2234.57, "Transaction.Begin")))));
            assertThat(b.at("/idTokenInfo/status").asString()).as("the dropped transaction no longer counts").isEqualTo("Accepted");
            JsonNode a = transaction(id, "a");
            assertThat(a.get("stopReason").asString()).isEqualTo("ClosedByCentralSystem");
            assertThat(a.get("staleCause").asString()).isEqualTo("NewTransaction");
            assertThat(Instant.parse(a.get("stopAt").asString())).isEqualTo(t0.plusSeconds(600));
            assertThat(a.get("meterStartWh").decimalValue()).as("decimals kept").isEqualByComparingTo("1000.25");
            assertThat(a.get("meterStopWh").decimalValue()).isEqualByComparingTo("2234.57");
            assertThat(a.get("energyWh").decimalValue()).isEqualByComparingTo("1234.32");
            assertThat(api().get("/api/v1/id-tags/" + tag).json().get("activeTransactions").asInt()).isEqualTo(1);

            // its real Ended arrives late: it wins
            station.call("TransactionEvent", event("Ended", 2, "a", "EVDeparted", t0.plusSeconds(120), Map.of(
                    "meterValue", List.of(energy(t0.plusSeconds(120), 2500.5, "Transaction.End")))));
            a = transaction(id, "a");
            assertThat(a.get("stopReason").asString()).isEqualTo("EVDisconnected");
            assertThat(a.get("staleCause").isNull()).isTrue();
            assertThat(a.get("meterStopWh").decimalValue()).isEqualByComparingTo("2500.5");
            assertThat(station.schemaViolations).isEmpty();
        }
    }

    @Test
    void signedValuesAreFlaggedSignedAndStillCountAsReadings() {
        String id = unique("cp201");
        String tag = tag("S");
        try (var station = station201(id)) {
            station.call("BootNotification", boot());
            var signed = Map.of("signedMeterData", "AAECAw==", "signingMethod", "ECDSA-secp256r1-SHA256", "encodingMethod", "OCMF",
                    "publicKey", "");
            station.call("TransactionEvent", event("Started", 0, "s", "Authorized", t0, Map.of("idToken", idToken(tag),
                    "meterValue", List.of(Map.of("timestamp", t0.toString(), "sampledValue", List.of(Map.of("value", 100.5,
                            "context", "Transaction.Begin", "unitOfMeasure", Map.of("unit", "Wh"), "signedMeterValue", signed)))))));
            station.call("TransactionEvent", event("Ended", 1, "s", "StopAuthorized", t0.plusSeconds(60), Map.of(
                    "meterValue", List.of(Map.of("timestamp", t0.plusSeconds(60).toString(), "sampledValue", List.of(Map.of("value", 300.75,
                            "context", "Transaction.End", "unitOfMeasure", Map.of("unit", "Wh"), "signedMeterValue", signed)))))));
            JsonNode t = transaction(id, "s");
            assertThat(t.get("samples")).allSatisfy(s -> assertThat(s.get("signed").asBoolean()).isTrue());
            assertThat(t.get("samples").get(0).get("signedData").asString()).contains("AAECAw==");
            assertThat(t.get("energyWh").decimalValue()).isEqualByComparingTo("200.25");
        }
    }

    @Test
    void remoteStartWithoutIdTokenGetsTheTagTheCentralSystemSent() {
        String id = unique("cp201");
        String tag = tag("R");
        String early = tag("Q");
        try (var station = station201(id)) {
            station.answer("RequestStartTransaction", p -> Map.of("status", "Accepted"));
            station.call("BootNotification", boot());
            var answer = api().post("/api/v1/ChargePoint/" + id + "/RequestStartTransaction",
                    "{\"remoteStartId\":77,\"evseId\":1,\"idToken\":{\"idToken\":\"" + tag + "\",\"type\":\"Central\"}}");
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            station.call("TransactionEvent", event("Started", 0, "r", "RemoteStart", t0, Map.of(
                    "transactionInfo", Map.of("transactionId", "r", "remoteStartId", 77))));
            JsonNode t = transaction(id, "r");
            assertThat(t.get("idTag").asString()).isEqualTo(tag);
            assertThat(t.get("authorizationStatus").asString()).isEqualTo("Accepted");

            // the station reports the transaction before it answers the request
            station.answer("RequestStartTransaction", p -> {
                station.sendOnly(Json.mapper().writeValueAsString(List.of(2, "early-1", "TransactionEvent", event("Started", 0, "q",
                        "RemoteStart", t0.plusSeconds(10), Map.of("transactionInfo", Map.of("transactionId", "q", "remoteStartId", 78),
                                "evse", Map.of("id", 2, "connectorId", 1))))));
                await().atMost(Duration.ofSeconds(10)).until(() -> api().get("/api/v1/transactions?stationId=" + id).json().size() == 2);
                return Map.of("status", "Accepted");
            });
            assertThat(api().post("/api/v1/ChargePoint/" + id + "/RequestStartTransaction",
                    "{\"remoteStartId\":78,\"evseId\":2,\"idToken\":{\"idToken\":\"" + early + "\",\"type\":\"Central\"}}").status())
                    .isEqualTo(200);
            assertThat(station.next(Duration.ofSeconds(10)).get(1).asString()).isEqualTo("early-1");
            assertThat(transaction(id, "q").get("idTag").asString()).isEqualTo(early);
            assertThat(station.schemaViolations).isEmpty();
        }
    }

    @Test
    void afterABootTheStationIsAskedAboutOpenTransactionsAndOnesNotOngoingAreClosed() {
        String id = unique("cp201");
        String tag = tag("G");
        try (var station = station201(id)) {
            station.call("BootNotification", boot());
            station.call("TransactionEvent", event("Started", 0, "gone", "Authorized", t0, Map.of("idToken", idToken(tag))));
            station.call("TransactionEvent", event("Started", 0, "kept", "Authorized", t0, Map.of("idToken", idToken(tag("H")),
                    "evse", Map.of("id", 2, "connectorId", 1))));
            station.answer("GetTransactionStatus", p -> "gone".equals(p.get("transactionId").asString())
                    ? Map.of("ongoingIndicator", false, "messagesInQueue", false)
                    : Map.of("ongoingIndicator", true, "messagesInQueue", false));
            station.call("BootNotification", boot());
            await().atMost(Duration.ofSeconds(20)).until(() -> !transaction(id, "gone").get("open").asBoolean());
            assertThat(transaction(id, "gone").get("staleCause").asString()).isEqualTo("NotOngoing");
            assertThat(transaction(id, "kept").get("open").asBoolean()).isTrue();
            assertThat(station.receivedCalls).extracting(c -> c.get(2).asString()).contains("GetTransactionStatus");
        }
    }

    @Test
    void reportWithAGapOrWithoutItsLastPartIsFlaggedIncomplete() {
        String id = unique("cp201");
        try (var station = station201(id)) {
            station.call("BootNotification", boot());
            notifyReport(station, 5, 0, true);
            notifyReport(station, 5, 2, false);
            notifyReport(station, 6, 0, true);
            notifyReport(station, 7, 0, true);
            notifyReport(station, 7, 0, true); // retried
            notifyReport(station, 7, 1, false);
            var reports = new java.util.HashMap<Integer, JsonNode>();
            api().get("/api/v1/stations/" + id + "/device-reports").json().forEach(r -> reports.put(r.get("requestId").asInt(), r));
            assertThat(reports.get(5).get("complete").asBoolean()).isFalse();
            assertThat(reports.get(5).get("missingSeqNos").valueStream().map(JsonNode::asInt)).containsExactly(1);
            assertThat(reports.get(6).get("complete").asBoolean()).as("tbc never false").isFalse();
            assertThat(reports.get(6).get("lastSeqNo").isNull()).isTrue();
            assertThat(reports.get(7).get("complete").asBoolean()).isTrue();
            assertThat(reports.get(7).get("parts").asInt()).isEqualTo(2);
            assertThat(api().get("/api/v1/stations/" + id + "/variables").json()).as("what did arrive is stored").isNotEmpty();
        }
    }

    private void notifyReport(TestStation station, int requestId, int seqNo, boolean tbc) {
        station.call("NotifyReport", Map.of("requestId", requestId, "generatedAt", t0.toString(), "seqNo", seqNo, "tbc", tbc,
                "reportData", List.of(Map.of("component", Map.of("name", "Part" + seqNo), "variable", Map.of("name", "Available"),
                        "variableAttribute", List.of(Map.of("type", "Actual", "value", "true", "mutability", "ReadOnly"))))));
    }

    @Test
    void aStationThatNeverBootedIsNotShownOnline() {
        String id = unique("cp201");
        try (var station = station201(id)) {
            station.call("Heartbeat", Map.of());
            JsonNode s = api().get("/api/v1/stations/" + id).json();
            assertThat(s.get("connected").asBoolean()).isTrue();
            assertThat(s.get("online").asBoolean()).isFalse();
            assertThat(s.get("state").asString()).isEqualTo("NotBooted");
            assertThat(s.get("missing").asString()).contains("BootNotification");
            assertThat(s.get("bootStatus").isNull()).isTrue();

            station.call("BootNotification", boot());
            s = api().get("/api/v1/stations/" + id).json();
            assertThat(s.get("state").asString()).isEqualTo("Online");
            assertThat(s.get("online").asBoolean()).isTrue();
            assertThat(s.get("missing").isNull()).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> api().get("/api/v1/stations/" + id).json().get("state").asString().equals("Offline"));
    }
}
