package org.ladewerk.server.store;

import java.time.Instant;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Health of the database as the system uses it: a real commit, not a connection check. After H2 has
 * closed itself (say, on an OutOfMemoryError) pooled connections may still look valid while every
 * statement fails, and a database can answer reads but refuse writes; either way stations are no
 * longer acknowledged, so {@code /actuator/health} must say DOWN. The probe rewrites one row of
 * {@code health_probe}. It is open to anyone, so a result is reused for a second rather than letting
 * a flood of health requests become a flood of commits.
 */
@Component("database")
public class DatabaseHealthIndicator implements HealthIndicator {

    private static final long REUSE_NANOS = 1_000_000_000L;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private volatile Health last;
    private volatile long lastAt;

    public DatabaseHealthIndicator(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(5);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public Health health() {
        Health cached = last;
        if (cached != null && System.nanoTime() - lastAt < REUSE_NANOS) return cached;
        Health now = probe();
        last = now;
        lastAt = System.nanoTime();
        return now;
    }

    private Health probe() {
        try {
            Integer updated = transactions.execute(status ->
                    jdbc.update("UPDATE health_probe SET probed_at = ? WHERE id = 1", Sql.ts(Instant.now())));
            if (updated == null || updated != 1) return Health.down().withDetail("error", "health_probe row missing").build();
            return Health.up().build();
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError && !(e instanceof OutOfMemoryError)) throw e;
            return Health.down().withDetail("error", e.toString()).build();
        }
    }
}
