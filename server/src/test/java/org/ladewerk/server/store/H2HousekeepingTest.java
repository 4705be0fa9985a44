package org.ladewerk.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit per batch, as the group commit does, leaves a chunk per commit in an H2 file; the housekeeping
 * rewrites the sparse ones so their space and their metadata are freed, and every row stays readable.
 */
class H2HousekeepingTest {

    static final int COMMITS = 2_000;

    @TempDir
    Path dir;

    @Test
    void sparseChunksAreRewrittenAndNothingIsLost() throws SQLException {
        // RETENTION_TIME=0: chunks are rewritable at once instead of after H2's 45 s
        JdbcDataSource db = dataSource("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0;RETENTION_TIME=0");
        var housekeeping = new H2Housekeeping(db, db.getURL(), Duration.ofMillis(200));
        try (Connection c = db.getConnection()) {
            write(c);
            var tick = c.prepareStatement("UPDATE tick SET n = n + 1");
            long before = info(c, "info.CHUNK_COUNT");
            assertThat(before).as("a chunk per commit stays").isGreaterThan(COMMITS / 2);

            for (int i = 0; i < 200 && info(c, "info.CHUNK_COUNT") > before / 10; i++) {
                housekeeping.run();
                tick.executeUpdate(); // the next commit writes out what was moved, as the group commit's next batch does
            }

            assertThat(info(c, "info.CHUNK_COUNT")).isLessThan(before / 10);
        }
        // closed with its last connection; opened again from the file
        try (Connection c = db.getConnection(); var rs = c.createStatement().executeQuery("SELECT COUNT(*), SUM(LENGTH(v)) FROM t")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(COMMITS * 5L);
            assertThat(rs.getLong(2)).isEqualTo(COMMITS * 5L * 200);
        }
    }

    @Test
    void startsOnlyForAnH2File() {
        JdbcDataSource db = dataSource("jdbc:h2:mem:housekeeping");
        for (String url : new String[] {"jdbc:h2:mem:housekeeping", "jdbc:postgresql://localhost/ladewerk"}) {
            var housekeeping = new H2Housekeeping(db, url, Duration.ofMillis(200));
            housekeeping.start();
            assertThat(housekeeping.isRunning()).as(url).isFalse();
        }
        var disabled = new H2Housekeeping(db, "jdbc:h2:file:" + dir.resolve("off"), Duration.ZERO);
        disabled.start();
        assertThat(disabled.isRunning()).isFalse();
        var file = new H2Housekeeping(db, "jdbc:h2:file:" + dir.resolve("on"), Duration.ofMillis(200));
        file.start();
        assertThat(file.isRunning()).isTrue();
        file.stop();
        assertThat(file.isRunning()).isFalse();
    }

    /** Rows appended in many small commits, with an index, as meter values arrive. */
    private static void write(Connection c) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute("CREATE TABLE t (id BIGINT, at TIMESTAMP, v VARCHAR(1000))");
            s.execute("CREATE INDEX t_at ON t (id, at)");
            s.execute("CREATE TABLE tick (n INT)");
            s.execute("INSERT INTO tick VALUES (0)");
        }
        c.setAutoCommit(false);
        try (var insert = c.prepareStatement("INSERT INTO t VALUES (?, CURRENT_TIMESTAMP, REPEAT('x', 200))")) {
            for (int i = 0; i < COMMITS; i++) {
                for (int j = 0; j < 5; j++) {
                    insert.setLong(1, i % 50);
                    insert.addBatch();
                }
                insert.executeBatch();
                c.commit();
            }
        }
        c.setAutoCommit(true);
    }

    private static long info(Connection c, String name) throws SQLException {
        try (var q = c.prepareStatement("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?")) {
            q.setString(1, name);
            try (var rs = q.executeQuery()) {
                rs.next();
                return Long.parseLong(rs.getString(1));
            }
        }
    }

    private static JdbcDataSource dataSource(String url) {
        var db = new JdbcDataSource();
        db.setURL(url);
        return db;
    }
}
