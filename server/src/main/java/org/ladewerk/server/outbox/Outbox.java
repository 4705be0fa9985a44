package org.ladewerk.server.outbox;

import static org.ladewerk.server.store.Sql.ts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.ladewerk.server.worker.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one durable outbox for everything that leaves the system. Rows are written inside the store unit
 * that made the change, so a post exists exactly when its change committed. Each channel (receiver) has
 * its own {@link OutboxWorker}: a slow receiver never holds up another. Delivered rows are deleted after
 * {@code ladewerk.outbox.retention}; rows given up stay (with their last error) until re-sent.
 */
@Component
public class Outbox implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final int PURGE_CHUNK = 10_000;

    private final JdbcClient jdbc;
    private final MeterRegistry metrics;
    private final LadewerkProperties.Outbox config;
    private final String node = UUID.randomUUID().toString();
    private final Map<String, OutboxWorker> workers = new ConcurrentHashMap<>();
    private final Map<String, Boolean> gauges = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Periodic purger;

    public Outbox(JdbcClient jdbc, MeterRegistry metrics, LadewerkProperties properties) {
        this.jdbc = jdbc;
        this.metrics = metrics;
        this.config = properties.outbox();
    }

    /** Adds a receiver; its worker starts with the outbox (or at once if it already runs). */
    public synchronized void register(OutboxChannel channel) {
        var worker = new OutboxWorker(channel, jdbc, node, config.claimLease());
        if (workers.putIfAbsent(channel.name(), worker) != null) throw new IllegalStateException("channel " + channel.name() + " registered twice");
        gauges.computeIfAbsent(channel.backlogMetric(), name -> {
            Gauge.builder(name, () -> backlog(name)).description("outbox rows waiting for delivery").register(metrics);
            return true;
        });
        if (running) worker.start();
    }

    /** Queues a post in the unit's transaction; delivery starts once it has committed. */
    public void enqueue(Tx tx, String channel, String partitionKey, String target, String ref, String body) {
        Instant now = Instant.now();
        String key = partitionKey == null ? "" : partitionKey;
        tx.insertLater("""
                INSERT INTO outbox (channel, partition_key, pending_key, target, ref, body, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", channel, key, key, target, ref, body, ts(now), ts(now));
        OutboxWorker worker = workers.get(channel);
        if (worker != null) tx.afterCommit(worker::wake);
    }

    /** Waiting rows of every channel that reports to {@code metric}, as last counted by their workers. */
    private double backlog(String metric) {
        return workers.values().stream().filter(w -> w.channel().backlogMetric().equals(metric)).mapToLong(OutboxWorker::backlog).sum();
    }

    public long backlog(String channel, boolean fresh) {
        OutboxWorker w = workers.get(channel);
        if (w == null) return 0;
        return fresh ? w.countBacklog() : w.backlog();
    }

    /** Puts given-up rows with this reference back in the queue; the number of rows re-queued. */
    public int resend(String channel, String ref) {
        int n = jdbc.sql("""
                UPDATE outbox SET failed_at = NULL, attempts = 0, pending_key = partition_key, next_attempt_at = ?, last_error = NULL
                WHERE channel = ? AND ref = ? AND failed_at IS NOT NULL""").params(ts(Instant.now()), channel, ref).update();
        OutboxWorker worker = workers.get(channel);
        if (n > 0 && worker != null) worker.wake();
        return n;
    }

    /** Deletes delivered rows older than the retention, in chunks so no transaction grows large. Safe on every node. */
    int purge(Instant now) {
        Instant cutoff = now.minus(config.retention());
        int total = 0;
        int n;
        do {
            n = jdbc.sql("DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE delivered_at < ? ORDER BY id LIMIT " + PURGE_CHUNK + ")")
                    .param(ts(cutoff)).update();
            total += n;
        } while (n == PURGE_CHUNK && running);
        return total;
    }

    private void purgeOld() {
        int n = purge(Instant.now());
        if (n > 0) log.info("outbox: deleted {} delivered rows older than {}", n, config.retention());
    }

    @Override
    public synchronized void start() {
        running = true;
        workers.values().forEach(OutboxWorker::start); // picks up what a restart left behind
        purger = Periodic.start("outbox-purge", Duration.ZERO, config.purgeInterval(), this::purgeOld);
    }

    @Override
    public synchronized void stop() {
        running = false;
        workers.values().forEach(OutboxWorker::stop);
        if (purger != null) purger.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
