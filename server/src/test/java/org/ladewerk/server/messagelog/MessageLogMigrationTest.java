package org.ladewerk.server.messagelog;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.messagelog.MessageLog.LoggedFrame;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The migration from a row per frame (message_log, up to V37) to blocks of frames (message_log_block)
 * keeps every frame with its id, time, direction and text, on H2 and on PostgreSQL, and frames logged
 * afterwards come first.
 */
class MessageLogMigrationTest {

    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

    @Test
    void loggedFramesAreConvertedOnH2() throws Exception {
        var h2 = new SingleConnectionDataSource("jdbc:h2:mem:log-migration-" + System.nanoTime(), true);
        try {
            migrateAndCheck(h2);
        } finally {
            h2.destroy();
        }
    }

    @Test
    void loggedFramesAreConvertedOnPostgres() throws Exception {
        try (var postgres = EmbeddedPostgres.builder().start()) {
            migrateAndCheck(postgres.getPostgresDatabase());
        }
    }

    private static void migrateAndCheck(DataSource db) throws Exception {
        Flyway.configure().dataSource(db).locations("classpath:db/migration").target("37").load().migrate();
        var jdbc = new JdbcTemplate(db);
        // more frames of one station than fit one converted block, and a neighbour whose text needs care
        var busy = new ArrayList<String>();
        for (int i = 0; i < 1200; i++) {
            String frame = i % 2 == 0 ? "[2,\"m" + i + "\",\"Heartbeat\",{}]" : "[3,\"m" + (i - 1) + "\",{\"currentTime\":\"x\"}]";
            busy.add(frame);
            jdbc.update("INSERT INTO message_log (station_id, logged_at, inbound, frame) VALUES (?, ?, ?, ?)",
                    "CP-BUSY", T0.plusMillis(i).atOffset(ZoneOffset.UTC), i % 2 == 0, frame);
        }
        String odd = "[2,\"1\",\"DataTransfer\",{\"vendorId\":\"ü\\\\n\",\"data\":\"tab\\there\"}]";
        jdbc.update("INSERT INTO message_log (station_id, logged_at, inbound, frame) VALUES (?, ?, ?, ?)",
                "CP-ODD", T0.atOffset(ZoneOffset.UTC), true, odd);

        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();

        var store = new TableFrameStore(jdbc, new DataSourceTransactionManager(db));
        List<LoggedFrame> all = new ArrayList<>();
        Long before = null;
        for (List<LoggedFrame> page; !(page = store.recent("CP-BUSY", 500, before)).isEmpty(); before = page.getLast().id()) all.addAll(page);
        assertThat(all).hasSize(1200);
        assertThat(all.reversed()).extracting(LoggedFrame::frame).containsExactlyElementsOf(busy);
        assertThat(all.getLast().at()).isEqualTo(T0);
        assertThat(all.getFirst().at()).isEqualTo(T0.plusMillis(1199));
        assertThat(all).extracting(LoggedFrame::inbound).containsSubsequence(false, true);

        LoggedFrame converted = store.recent("CP-ODD", 10, null).getFirst();
        assertThat(converted.frame()).isEqualTo(odd);
        assertThat(converted.inbound()).isTrue();

        store.append(List.of(new StationEvent.Frame("CP-BUSY", true, "[2,\"new\",\"Heartbeat\",{}]", T0)));
        assertThat(store.recent("CP-BUSY", 1, null).getFirst().frame()).as("logged after the migration, newest").contains("\"new\"");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) = 'message_log'", Integer.class))
                .as("the old table is gone").isZero();
    }
}
