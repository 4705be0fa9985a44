package org.ladewerk.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.Sessions;
import tools.jackson.databind.JsonNode;

/** Station-initiated operations with their persisted effects, checked through the REST API. */
class SessionFlowTest extends ServerTest {

    @Test
    void fullSessionIsStoredWithEveryMeterSample() {
        String id = unique("cp");
        String tag = unique("T", 12);
        try (var station = station(id)) {
            int tx = Sessions.fullSession(station, api(), tag);
            JsonNode t = api().get("/api/v1/transactions/" + tx).json();
            assertThat(t.get("stationId").asString()).isEqualTo(id);
            assertThat(t.get("meterStartWh").asLong()).isEqualTo(1000);
            assertThat(t.get("meterStopWh").asLong()).isEqualTo(3000);
            assertThat(t.get("energyWh").asLong()).isEqualTo(2000);
            assertThat(t.get("stopReason").asString()).isEqualTo("EVDisconnected");
            assertThat(t.get("open").asBoolean()).isFalse();
            assertThat(t.get("samples")).hasSize(3);
            JsonNode power = t.get("samples").get(1);
            assertThat(power.get("measurand").asString()).isEqualTo("Power.Active.Import");
            assertThat(power.get("unit").asString()).isEqualTo("W");
            JsonNode end = t.get("samples").get(2);
            assertThat(end.get("context").asString()).isEqualTo("Transaction.End");
            assertThat(end.get("measurand").asString()).as("1.6 default measurand").isEqualTo("Energy.Active.Import.Register");

            JsonNode s = api().get("/api/v1/stations/" + id).json();
            assertThat(s.get("vendor").asString()).isEqualTo("Ladewerk");
            assertThat(s.get("online").asBoolean()).isTrue();
            assertThat(s.get("connectors").get(0).get("status").asString()).isEqualTo("Preparing");
        }
    }

    @Test
    void anOpenTransactionListsTheEnergyOfItsLatestRegisterReading() {
        String id = unique("cp");
        String tag = unique("O", 12);
        api().put("/api/v1/id-tags/" + tag, "{}");
        try (var station = station(id)) {
            Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            int tx = station.call("StartTransaction", Map.of("connectorId", 1, "idTag", tag, "meterStart", 1000,
                    "timestamp", start.toString())).get("transactionId").asInt();
            assertThat(api().get("/api/v1/transactions?open=true&stationId=" + id).json().get(0).get("energyWh").isNull()).isTrue();
            for (int i = 1; i <= 2; i++) {
                station.call("MeterValues", Map.of("connectorId", 1, "transactionId", tx, "meterValue", List.of(Map.of(
                        "timestamp", start.plusSeconds(60L * i).toString(),
                        "sampledValue", List.of(Sessions.sampled(Double.toString(1.0 + 0.75 * i), "Energy.Active.Import.Register", "kWh"),
                                Sessions.sampled("7400", "Power.Active.Import", "W"))))));
            }
            JsonNode listed = api().get("/api/v1/transactions?open=true&stationId=" + id).json().get(0);
            assertThat(listed.get("open").asBoolean()).isTrue();
            assertThat(listed.get("energyWh").asLong()).as("2.5 kWh read, 1000 Wh at the start").isEqualTo(1500);
            assertThat(api().get("/api/v1/transactions/" + tx).json().get("energyWh").asLong()).isEqualTo(1500);
            assertThat(api().get("/api/v1/transactions.csv?stationId=" + id).body()).contains("1500");
        }
    }

    @Test
    void retriedStartTransactionGivesTheSameTransaction() {
        String id = unique("cp");
        String tag = unique("R", 12);
        api().put("/api/v1/id-tags/" + tag, "{\"maxActiveTransactions\":1}");
        try (var station = station(id)) {
            var start = Map.of("connectorId", 2, "idTag", tag, "meterStart", 500, "timestamp", "2026-11-20T10:00:00Z");
            int first = station.call("StartTransaction", start).get("transactionId").asInt();
            var retry = station.call("StartTransaction", start);
            assertThat(retry.get("transactionId").asInt()).isEqualTo(first);
            assertThat(retry.at("/idTagInfo/status").asString()).as("same answer as the first time").isEqualTo("Accepted");
            assertThat(api().get("/api/v1/transactions?stationId=" + id).json()).hasSize(1);
        }
    }

    @Test
    void secondTransactionForTheSameTagIsConcurrentTxButAuthorizeStaysAccepted() {
        String tag = unique("C", 12);
        api().put("/api/v1/id-tags/" + tag, "{\"maxActiveTransactions\":1}");
        try (var station = station(unique("cp"))) {
            String now = Instant.now().toString();
            station.call("StartTransaction", Map.of("connectorId", 1, "idTag", tag, "meterStart", 0, "timestamp", now));
            assertThat(station.call("Authorize", Map.of("idTag", tag)).at("/idTagInfo/status").asString())
                    .as("Authorize says whether the tag is valid; ConcurrentTx is for StartTransaction").isEqualTo("Accepted");
            var second = station.call("StartTransaction", Map.of("connectorId", 2, "idTag", tag, "meterStart", 0, "timestamp", now));
            assertThat(second.at("/idTagInfo/status").asString()).isEqualTo("ConcurrentTx");
        }
    }

    @Test
    void unknownBlockedAndExpiredTags() {
        String blocked = unique("B", 12);
        String expired = unique("E", 12);
        String parented = unique("P", 12);
        api().put("/api/v1/id-tags/" + blocked, "{}");
        assertThat(api().post("/api/v1/id-tags/" + blocked + "/block", "").status()).isEqualTo(200);
        api().put("/api/v1/id-tags/" + expired, "{\"expiryDate\":\"2020-01-01T00:00:00Z\"}");
        api().put("/api/v1/id-tags/" + parented, "{\"parentIdTag\":\"FLEET\",\"expiryDate\":\"2099-01-01T00:00:00Z\"}");
        try (var station = station(unique("cp"))) {
            assertThat(station.call("Authorize", Map.of("idTag", "NEVER-SEEN")).at("/idTagInfo/status").asString()).isEqualTo("Invalid");
            assertThat(station.call("Authorize", Map.of("idTag", blocked)).at("/idTagInfo/status").asString()).isEqualTo("Blocked");
            assertThat(station.call("Authorize", Map.of("idTag", expired)).at("/idTagInfo/status").asString()).isEqualTo("Expired");
            JsonNode info = station.call("Authorize", Map.of("idTag", parented)).get("idTagInfo");
            assertThat(info.get("parentIdTag").asString()).isEqualTo("FLEET");
            assertThat(info.get("expiryDate").asString()).isEqualTo("2099-01-01T00:00:00Z");
        }
    }

    @Test
    void stopForAnUnknownTransactionIsAnsweredAndKept() {
        try (var station = station(unique("cp"))) {
            var stop = station.call("StopTransaction", Map.of("transactionId", 987654, "meterStop", 42,
                    "timestamp", Instant.now().toString(), "transactionData", List.of(Map.of("timestamp", Instant.now().toString(),
                            "sampledValue", List.of(Map.of("value", "42"))))));
            assertThat(stop.has("idTagInfo")).isFalse();
            assertThat(station.call("StopTransaction", Map.of("transactionId", 987654, "idTag", "ANY", "meterStop", 42,
                    "timestamp", Instant.now().toString())).at("/idTagInfo/status").asString()).isEqualTo("Invalid");
        }
    }

    @Test
    void statusHeartbeatDataTransferAndMaintenanceNotifications() {
        String id = unique("cp");
        try (var station = station(id)) {
            station.call("StatusNotification", Map.of("connectorId", 0, "errorCode", "NoError", "status", "Available"));
            station.call("StatusNotification", Map.of("connectorId", 1, "errorCode", "GroundFailure", "status", "Faulted",
                    "info", "RCD tripped", "vendorErrorCode", "E17", "timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
            Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant heartbeat = Instant.parse(station.call("Heartbeat", Map.of()).get("currentTime").asString());
            assertThat(heartbeat).isBetween(before, Instant.now()); // the server's clock, however slow the machine
            assertThat(station.call("DataTransfer", Map.of("vendorId", "com.example", "messageId", "hello", "data", "{}"))
                    .get("status").asString()).isEqualTo("Accepted");
            station.call("FirmwareStatusNotification", Map.of("status", "Downloading"));
            station.call("DiagnosticsStatusNotification", Map.of("status", "Uploaded"));

            JsonNode connectors = api().get("/api/v1/stations/" + id).json().get("connectors");
            assertThat(connectors).hasSize(2);
            assertThat(connectors.get(1).get("status").asString()).isEqualTo("Faulted");
            assertThat(connectors.get(1).get("errorCode").asString()).isEqualTo("GroundFailure");
            assertThat(connectors.get(1).get("vendorErrorCode").asString()).isEqualTo("E17");
            JsonNode maintenance = api().get("/api/v1/stations/" + id + "/maintenance").json();
            assertThat(maintenance).extracting(n -> n.get("status").asString()).containsExactlyInAnyOrder("Downloading", "Uploaded");
        }
    }
}
