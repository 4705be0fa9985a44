package org.ladewerk.server.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.TestStation;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * OCPP 1.6 stations that drop transactions without a StopTransaction: the central system closes them
 * when the station shows they are over, a late real stop still wins, and the tag is free again.
 */
class StaleTransactionTest extends ServerTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @Autowired
    EventBus events;

    private final List<StationEvent.TransactionStopped> stopped = new CopyOnWriteArrayList<>();
    private EventBus.Subscription subscription;

    @BeforeEach
    void listen() {
        subscription = events.subscribe("stale-test", 10_000, e -> {
            if (e instanceof StationEvent.TransactionStopped s) stopped.add(s);
        });
    }

    @AfterEach
    void stopListening() {
        subscription.close();
    }

    @Test
    void authorizeSaysOnlyWhetherTheTagIsValidWhileStartIsConcurrentTx() {
        String tag = tag("A");
        try (var station = station(unique("cp"))) {
            start(station, 1, tag, 0, T0);
            assertThat(station.call("Authorize", Map.of("idTag", tag)).at("/idTagInfo/status").asString()).isEqualTo("Accepted");
            assertThat(start(station, 2, tag, 0, T0.plusSeconds(60)).at("/idTagInfo/status").asString()).isEqualTo("ConcurrentTx");
        }
    }

    @Test
    void newStartOnTheSameConnectorClosesTheDroppedTransactionAndALateStopCorrectsIt() {
        String id = unique("cp");
        String tag = tag("N");
        try (var station = station(id)) {
            int dropped = start(station, 1, tag, 1000, T0).get("transactionId").asInt();
            meter(station, 1, dropped, T0.plusSeconds(300), "1500.0");
            var second = start(station, 1, tag, 1600, T0.plusSeconds(1800));
            assertThat(second.at("/idTagInfo/status").asString()).as("the dropped one no longer counts").isEqualTo("Accepted");

            JsonNode old = transaction(dropped);
            assertThat(old.get("open").asBoolean()).isFalse();
            assertThat(old.get("stopReason").asString()).isEqualTo("ClosedByCentralSystem");
            assertThat(old.get("staleCause").asString()).isEqualTo("NewTransaction");
            assertThat(Instant.parse(old.get("stopAt").asString())).isEqualTo(T0.plusSeconds(1800));
            assertThat(old.get("meterStopWh").asLong()).as("last known register reading").isEqualTo(1500);
            assertThat(old.get("energyWh").asLong()).isEqualTo(500);
            assertThat(api().get("/api/v1/id-tags/" + tag).json().get("activeTransactions").asInt()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> stopped.stream()
                    .anyMatch(s -> s.transactionId() == dropped && "ClosedByCentralSystem".equals(s.reason()) && s.energyWh() == 500));

            // the station's own stop arrives late (from its offline queue): it replaces the estimate
            station.call("StopTransaction", Map.of("transactionId", dropped, "meterStop", 1700, "timestamp",
                    T0.plusSeconds(900).toString(), "reason", "EVDisconnected"));
            JsonNode corrected = transaction(dropped);
            assertThat(corrected.get("stopReason").asString()).isEqualTo("EVDisconnected");
            assertThat(corrected.get("staleCause").isNull()).isTrue();
            assertThat(corrected.get("meterStopWh").asLong()).isEqualTo(1700);
            assertThat(Instant.parse(corrected.get("stopAt").asString())).isEqualTo(T0.plusSeconds(900));
            await().atMost(Duration.ofSeconds(10)).until(() -> stopped.stream()
                    .anyMatch(s -> s.transactionId() == dropped && "EVDisconnected".equals(s.reason()) && s.energyWh() == 700));

            // a repeated real stop changes nothing any more
            station.call("StopTransaction", Map.of("transactionId", dropped, "meterStop", 9999, "timestamp",
                    T0.plusSeconds(950).toString(), "reason", "Local"));
            assertThat(transaction(dropped).get("meterStopWh").asLong()).isEqualTo(1700);
        }
    }

    @Test
    void availableLongAfterTheLastReadingClosesTheTransaction() {
        String tag = tag("V");
        try (var station = station(unique("cp"))) {
            int tx = start(station, 2, tag, 0, T0).get("transactionId").asInt();
            meter(station, 2, tx, T0.plusSeconds(60), "0.25");
            status(station, 2, "Available", T0.plusSeconds(300));
            assertThat(transaction(tx).get("open").asBoolean()).as("5 minutes of quiet is not stale (15m)").isTrue();

            status(station, 2, "Available", T0.plusSeconds(60 + 15 * 60));
            JsonNode t = transaction(tx);
            assertThat(t.get("open").asBoolean()).isFalse();
            assertThat(t.get("staleCause").asString()).isEqualTo("ConnectorAvailable");
            assertThat(Instant.parse(t.get("stopAt").asString())).isEqualTo(T0.plusSeconds(60 + 15 * 60));
            assertThat(t.get("meterStopWh").asLong()).as("0.25 kWh").isEqualTo(250);
            assertThat(api().get("/api/v1/id-tags/" + tag).json().get("activeTransactions").asInt()).isZero();
        }
    }

    @Test
    void availableAfterABootClosesWhatTheStationNoLongerRuns() {
        String tag = tag("B");
        try (var station = station(unique("cp"))) {
            int tx = start(station, 1, tag, 0, Instant.now().minusSeconds(120)).get("transactionId").asInt();
            station.call("BootNotification", Map.of("chargePointVendor", "Ladewerk", "chargePointModel", "Stale"));
            status(station, 1, "Available", Instant.now());
            assertThat(transaction(tx).get("staleCause").asString()).isEqualTo("ConnectorAvailable");
        }
    }

    @Test
    void implausibleValuesAreKeptButFlaggedAndNeverGiveNegativeEnergy() {
        String id = unique("cp");
        try (var station = station(id)) {
            int onZero = start(station, 0, tag("Z"), 100_000, T0).get("transactionId").asInt();
            station.call("StopTransaction", Map.of("transactionId", onZero, "meterStop", 501, "timestamp",
                    T0.minusSeconds(60).toString(), "reason", "Local"));
            JsonNode t = transaction(onZero);
            assertThat(t.get("meterStartWh").asLong()).isEqualTo(100_000);
            assertThat(t.get("meterStopWh").asLong()).as("raw value kept").isEqualTo(501);
            assertThat(t.get("energyWh").isNull()).isTrue();
            assertThat(t.get("anomalies").valueStream().map(JsonNode::asString))
                    .containsExactly("ConnectorZero", "StopBelowStart", "StopBeforeStart");
            assertThat(api().get("/api/v1/transactions?stationId=" + id).json().get(0).get("anomalies")).hasSize(3);
            assertThat(api().get("/api/v1/transactions.csv?stationId=" + id).body()).doesNotContain("-99499").doesNotContain(",-");
            await().atMost(Duration.ofSeconds(10)).until(() -> stopped.stream()
                    .anyMatch(s -> s.transactionId() == onZero && s.energyWh() == null));
        }
    }

    private String tag(String prefix) {
        String tag = unique(prefix);
        api().put("/api/v1/id-tags/" + tag, "{}");
        return tag;
    }

    private JsonNode transaction(int id) {
        return api().get("/api/v1/transactions/" + id).json();
    }

    private static JsonNode start(TestStation station, int connector, String tag, int meterStart, Instant at) {
        return station.call("StartTransaction", Map.of("connectorId", connector, "idTag", tag, "meterStart", meterStart,
                "timestamp", at.toString()));
    }

    private static void meter(TestStation station, int connector, int tx, Instant at, String kWhOrWh) {
        String unit = kWhOrWh.contains(".") && Double.parseDouble(kWhOrWh) < 1 ? "kWh" : "Wh";
        station.call("MeterValues", Map.of("connectorId", connector, "transactionId", tx, "meterValue", List.of(
                Map.of("timestamp", at.toString(), "sampledValue", List.of(Map.of("value", kWhOrWh, "unit", unit))))));
    }

    private static void status(TestStation station, int connector, String status, Instant at) {
        station.call("StatusNotification", Map.of("connectorId", connector, "status", status, "errorCode", "NoError",
                "timestamp", at.toString()));
    }
}
