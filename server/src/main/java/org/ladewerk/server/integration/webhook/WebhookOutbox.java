package org.ladewerk.server.integration.webhook;

import static org.ladewerk.server.store.Sql.ts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.ladewerk.server.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Durable webhook delivery. Posts are written to the outbox inside the store unit that produced
 * them; one worker delivers them, to each receiver in order of creation, retrying failures with a doubling wait. The
 * worker is woken by commits (no polling for new rows) and sleeps until the next retry is due.
 */
@Component
public class WebhookOutbox implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookOutbox.class);

    private record Due(long id, String url, String body, boolean signed, int attempts, Instant nextAttemptAt) {}

    private final JdbcClient jdbc;
    private final WebhookClient client;
    private final LadewerkProperties.Webhook config;
    private final Counter delivered;
    private final Counter failedAttempts;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private boolean signalled;
    private volatile boolean running;
    private Thread worker;

    public WebhookOutbox(JdbcClient jdbc, WebhookClient client, LadewerkProperties properties, MeterRegistry metrics) {
        this.jdbc = jdbc;
        this.client = client;
        this.config = properties.webhook();
        this.delivered = metrics.counter("ladewerk.webhook.delivered");
        this.failedAttempts = metrics.counter("ladewerk.webhook.failed.attempts");
    }

    /** Queues a post in the unit's transaction; delivery starts once it has committed. */
    public void enqueue(Tx tx, String url, String body, boolean signed) {
        Instant now = Instant.now();
        tx.insertLater("INSERT INTO webhook_outbox (url, body, signed, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?)",
                url, body, signed, ts(now), ts(now));
        tx.afterCommit(this::wake);
    }

    private void wake() {
        lock.lock();
        try {
            signalled = true;
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    private void deliverLoop() {
        while (running) {
            try {
                // The oldest pending posts, due or not: a receiver gets its posts in the order they were made,
                // so a post waits while an older one to the same URL is still waiting for its retry.
                List<Due> pending = jdbc.sql("""
                        SELECT id, url, body, signed, attempts, next_attempt_at FROM webhook_outbox
                        WHERE delivered_at IS NULL AND failed_at IS NULL ORDER BY id LIMIT 100""")
                        .query((rs, n) -> new Due(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getInt(5),
                                Sql.instant(rs, "next_attempt_at")))
                        .list();
                Set<String> held = new HashSet<>();
                Instant next = null; // when the first of the held receivers' oldest posts is due again
                boolean progress = false;
                for (Due d : pending) {
                    if (!running) return;
                    if (held.contains(d.url())) continue;
                    Instant retryAt = d.nextAttemptAt().isAfter(Instant.now()) ? d.nextAttemptAt() : deliver(d);
                    if (retryAt == null) {
                        progress = true;
                        continue;
                    }
                    held.add(d.url());
                    if (next == null || retryAt.isBefore(next)) next = retryAt;
                }
                if (!progress) sleepUntil(next);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("webhook delivery loop failed; retrying shortly", e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Posts once; null when the post is done (delivered or given up), else when to try again. */
    private Instant deliver(Due d) {
        String error;
        try {
            var response = client.post(d.url(), d.body(), d.signed(), Long.toString(d.id()), Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
            if (response.statusCode() / 100 == 2) {
                jdbc.sql("UPDATE webhook_outbox SET delivered_at = ?, attempts = ? WHERE id = ?")
                        .params(ts(Instant.now()), d.attempts() + 1, d.id()).update();
                delivered.increment();
                return null;
            }
            error = "HTTP " + response.statusCode();
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            error = e.getCause() != null ? e.getCause().toString() : e.toString();
        }
        failedAttempts.increment();
        int attempts = d.attempts() + 1;
        Instant now = Instant.now();
        if (attempts >= config.maxAttempts()) {
            log.error("webhook post {} to {} given up after {} attempts: {}", d.id(), d.url(), attempts, error);
            jdbc.sql("UPDATE webhook_outbox SET attempts = ?, failed_at = ?, last_error = ? WHERE id = ?")
                    .params(attempts, ts(now), truncate(error), d.id()).update();
            return null;
        }
        log.debug("webhook post {} failed ({}), attempt {}", d.id(), error, attempts);
        Instant retryAt = now.plus(backoff(attempts));
        jdbc.sql("UPDATE webhook_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?")
                .params(attempts, ts(retryAt), truncate(error), d.id()).update();
        return retryAt;
    }

    /** 1 s, 2 s, 4 s ... up to the configured maximum. */
    private Duration backoff(int attempts) {
        Duration wait = Duration.ofSeconds(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    /** Sleeps until {@code next} (null: until woken), or until a commit brings a new post. */
    private void sleepUntil(Instant next) throws InterruptedException {
        long waitMillis = next == null ? TimeUnit.HOURS.toMillis(1) : Math.max(1, Duration.between(Instant.now(), next).toMillis());
        lock.lock();
        try {
            if (!signalled && running) work.await(waitMillis, TimeUnit.MILLISECONDS);
            signalled = false;
        } finally {
            lock.unlock();
        }
    }

    private static String truncate(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofVirtual().name("webhook-outbox").start(this::deliverLoop); // picks up what a restart left behind
    }

    @Override
    public void stop() {
        running = false;
        worker.interrupt();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
