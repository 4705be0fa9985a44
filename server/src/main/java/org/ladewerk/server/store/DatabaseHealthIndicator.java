package org.ladewerk.server.store;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * {@code health_probe}, on its own thread: one that does not commit within {@link #TIMEOUT} (the
 * database locked or stalled) is DOWN too. Health is open to anyone, so a result is reused for a
 * second and at most one probe runs at a time, rather than letting a flood of health requests become
 * a flood of commits.
 */
@Component("database")
public class DatabaseHealthIndicator implements HealthIndicator {

    private static final long REUSE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A database that takes longer than this to commit one row is not serving stations either. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    /** Probes run here, so a database that hangs (locked, stalled disk) makes health DOWN, not slow. */
    private final ExecutorService prober = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("db-health").daemon().factory());
    private volatile Health last;
    private volatile long lastAt;
    // guarded by this
    private CompletableFuture<Health> running;
    private long runningSince;

    public DatabaseHealthIndicator(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout((int) TIMEOUT.toSeconds());
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public Health health() {
        Health cached = last;
        if (cached != null && System.nanoTime() - lastAt < REUSE_NANOS) return cached;
        CompletableFuture<Health> probe;
        long waitNanos;
        synchronized (this) {
            if (running == null || running.isDone()) {
                running = CompletableFuture.supplyAsync(this::probe, prober);
                runningSince = System.nanoTime();
            }
            probe = running;
            waitNanos = TIMEOUT.toNanos() - (System.nanoTime() - runningSince);
        }
        Health now;
        try {
            now = probe.get(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            now = Health.down().withDetail("error", "no commit within " + TIMEOUT.toSeconds() + " s").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().build();
        } catch (ExecutionException e) {
            now = Health.down().withDetail("error", e.getCause().toString()).build();
        }
        last = now;
        lastAt = System.nanoTime();
        return now;
    }

    @PreDestroy
    void close() {
        prober.shutdownNow();
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
