package org.ladewerk.server.store;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Gives the space of deleted rows back to the file system when an H2 file database shuts down.
 * Retention jobs delete old frames, samples and outbox rows, but H2 only reuses freed pages and
 * never shrinks its file while open (under load it grew to 1.64 GB; 27.6 MB after compaction; while
 * running, {@link H2Housekeeping} only lets later commits reuse the space of sparse chunks). H2
 * compacts fully only in {@code SHUTDOWN COMPACT}, which needs every connection closed, so it runs
 * at shutdown: after the writers have drained (their lifecycle stops before beans are destroyed) and
 * before the connection pool closes. It takes about as long as copying the live data once.
 * It runs on a connection of its own, not one of the pool's: the pool checks a connection on its way
 * back (clearWarnings), which fails once SHUTDOWN has closed the database, and H2 would write that
 * failure with its stack trace to its trace file (ladewerk.trace.db in the data directory) at every stop.
 * PostgreSQL gives space back by itself (autovacuum); nothing happens there.
 */
@Component
class H2Compaction {

    private static final Logger log = LoggerFactory.getLogger(H2Compaction.class);

    private final DataSource dataSource;
    private final String url;
    private final boolean enabled;
    private final AtomicBoolean done = new AtomicBoolean();

    H2Compaction(DataSource dataSource, @Value("${spring.datasource.url:}") String url,
                 @Value("${ladewerk.store.compact-on-shutdown:true}") boolean enabled) {
        this.dataSource = dataSource;
        this.url = url;
        this.enabled = enabled;
    }

    @PreDestroy
    void compact() {
        if (!enabled || !Sql.isH2File(url) || done.getAndSet(true)) return;
        long started = System.nanoTime();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
            log.info("H2 database compacted at shutdown in {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            // 90121: the JVM's shutdown hook closed it first; 90098: already shut down
            if (e.getErrorCode() == 90121 || e.getErrorCode() == 90098) log.debug("H2 database already closed: {}", e.toString());
            else log.warn("H2 database could not be compacted at shutdown: {}", e.toString());
        }
    }

    /** A connection as the pool would open one, outside the pool. */
    private Connection connect() throws SQLException {
        if (!dataSource.isWrapperFor(HikariDataSource.class)) return dataSource.getConnection();
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        return DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
    }
}
