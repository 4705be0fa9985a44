package org.ladewerk.server.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.TestStation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;

/**
 * A transaction's meter rows read the same whether the background pass has indexed them or not
 * (on H2, the test database): every row once, in time order, and the latest register reading the
 * one with the latest time, also when it arrived before a pass and a later-sent one with an earlier
 * time after it.
 */
class MeterIndexTest extends ServerTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @Autowired
    MeterIndex meterIndex;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    LadewerkProperties properties;

    @Test
    void rowsReadTheSameBeforeAndAfterTheyAreIndexed() {
        assertThat(meterIndex.deferred()).as("H2 indexes behind the writer").isTrue();
        String id = unique("cp");
        try (var station = station(id)) {
            int tx = start(station);
            meter(station, tx, T0.plusSeconds(60), 1100);
            meter(station, tx, T0.plusSeconds(120), 1200);
            assertThat(registers(tx)).containsExactly(1100.0, 1200.0);
            assertThat(energy(tx)).isEqualTo(200);

            meterIndex.catchUp();
            assertThat(indexed(tx)).isEqualTo(2);
            assertThat(registers(tx)).as("now from the index").containsExactly(1100.0, 1200.0);
            assertThat(energy(tx)).isEqualTo(200);

            // one reading in the tail with a later time, one with an earlier time than the indexed ones
            meter(station, tx, T0.plusSeconds(180), 1300);
            meter(station, tx, T0.plusSeconds(90), 1150);
            assertThat(registers(tx)).containsExactly(1100.0, 1150.0, 1200.0, 1300.0);
            assertThat(energy(tx)).as("the latest in time, from the tail").isEqualTo(300);

            meterIndex.catchUp();
            meter(station, tx, T0.plusSeconds(30), 1050);
            assertThat(registers(tx)).containsExactly(1050.0, 1100.0, 1150.0, 1200.0, 1300.0);
            assertThat(energy(tx)).as("the latest in time, from the index, though the tail has one too").isEqualTo(300);
            assertThat(api().get("/api/v1/transactions?open=true&stationId=" + id).json().get(0).get("energyWh").asLong())
                    .as("the list reads it the same way").isEqualTo(300);

            // a new start on the connector closes the open one with its last reading, from either part
            int next = start(station);
            JsonNode closed = transaction(tx);
            assertThat(closed.get("open").asBoolean()).isFalse();
            assertThat(closed.get("meterStopWh").asLong()).isEqualTo(1300);
            assertThat(next).isNotEqualTo(tx);
        }
    }

    @Test
    void aReaderSeesEveryRowOnceWhilePassesRunBesideTheWriter() throws Exception {
        try (var station = station(unique("cp"))) {
            int tx = start(station);
            var stop = new AtomicBoolean();
            var passes = CompletableFuture.runAsync(() -> {
                while (!stop.get()) meterIndex.catchUp();
            });
            try {
                for (int i = 1; i <= 60; i++) {
                    meter(station, tx, T0.plusSeconds(i), 1000 + i);
                    List<Double> seen = registers(tx);
                    assertThat(seen).as("after %d readings", i).hasSize(i).doesNotHaveDuplicates().isSorted();
                    assertThat(energy(tx)).isEqualTo(i);
                }
            } finally {
                stop.set(true);
                passes.get();
            }
        }
    }

    @Test
    void aPassFromTheTableAndOneFromTheWritersRowsIndexEachRowOnce() {
        try (var station = station(unique("cp"))) {
            int tx = start(station);
            for (int i = 1; i <= 3; i++) meter(station, tx, T0.plusSeconds(i), 1000 + i);
            // as after a restart: a new index reads what is not yet indexed from the table
            new MeterIndex(dataSource, jdbc, transactionManager, properties).catchUp();
            assertThat(indexed(tx)).isEqualTo(3);
            meterIndex.catchUp(); // the writer handed it the same rows: already indexed, skipped
            meter(station, tx, T0.plusSeconds(4), 1004);
            meterIndex.catchUp();
            assertThat(indexed(tx)).isEqualTo(4);
            assertThat(registers(tx)).containsExactly(1001.0, 1002.0, 1003.0, 1004.0);
        }
    }

    private int indexed(int tx) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM meter_value_index WHERE transaction_id = ?", Integer.class, tx);
    }

    private List<Double> registers(int tx) {
        var registers = new ArrayList<Double>();
        transaction(tx).get("samples").forEach(s -> registers.add(Double.parseDouble(s.get("value").asString())));
        return registers;
    }

    private long energy(int tx) {
        return transaction(tx).get("energyWh").asLong();
    }

    private JsonNode transaction(int id) {
        return api().get("/api/v1/transactions/" + id).json();
    }

    private int start(TestStation station) {
        String tag = unique("T");
        api().put("/api/v1/id-tags/" + tag, "{}");
        return station.call("StartTransaction", Map.of("connectorId", 1, "idTag", tag, "meterStart", 1000,
                "timestamp", T0.toString())).get("transactionId").asInt();
    }

    private static void meter(TestStation station, int tx, Instant at, int wh) {
        station.call("MeterValues", Map.of("connectorId", 1, "transactionId", tx, "meterValue", List.of(
                Map.of("timestamp", at.toString(), "sampledValue", List.of(Map.of("value", Integer.toString(wh), "unit", "Wh"))))));
    }
}
