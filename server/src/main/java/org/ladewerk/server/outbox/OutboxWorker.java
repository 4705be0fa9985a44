package org.ladewerk.server.outbox;

import static org.ladewerk.server.store.Sql.idList;
import static org.ladewerk.server.store.Sql.ts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.ladewerk.server.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Delivers one channel's rows. Each round takes, per partition, only the oldest waiting row, and only when
 * it is due: a later row never overtakes an earlier one of its partition, even while that one waits for a
 * retry. The round's rows are claimed with a lease (a conditional UPDATE, so several nodes can run this
 * worker on one database and each row goes to one of them) and posted in parallel, at most
 * {@link OutboxChannel#parallelism()} at a time. Rounds overlap: the next round is claimed while the
 * last posts of the previous one are still in flight (their rows are leased, so they are not claimed
 * twice, and their partitions' later rows wait), so a slow post never idles the other slots and a
 * backlog drains at the receiver's pace. A receiver that is down is not hammered with the whole backlog:
 * once a slot's worth of posts in a row failed, the channel pauses (1 s, doubling up to the channel's
 * maximum backoff) and then tries one round again, so a day's outage costs a round per pause, not a
 * failed post per waiting row and retry, and the database stays free for station traffic (a re-send
 * waits for the pause too). A channel with a {@link OutboxChannel#maxRate()} starts its posts evenly spaced
 * and claims at most two seconds' worth per round, so claimed rows never wait long enough to lose their
 * lease. A node that dies mid-post leaves a lease that expires, and another node
 * posts the row again: delivery is at least once, receivers dedupe by delivery id.
 * The worker is woken by commits on this node and otherwise looks again when the next retry is due
 * (at least every few seconds, for rows other nodes wrote).
 */
final class OutboxWorker {

    private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);
    private static final int ROUND = 500;
    private static final int PACED_ROUND = 2_000;
    private static final Duration IDLE_LOOK = Duration.ofSeconds(5);
    private static final Duration MIN_WAIT = Duration.ofMillis(250);
    private static final Duration CATCH_UP = Duration.ofSeconds(1);

    private final OutboxChannel channel;
    private final JdbcClient jdbc;
    private final String node;
    private final Duration lease;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private boolean signalled;
    private volatile boolean running;
    private volatile long backlog;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Posts failed in a row, and pauses in a row since the last success: the channel-wide backoff. */
    private final AtomicInteger failing = new AtomicInteger();
    private final AtomicInteger pauses = new AtomicInteger();
    private Semaphore slots;
    /** Finished posts whose outcome is not written yet: at most one per slot, as a slot is freed only once it is. */
    private BlockingQueue<Outcome> finished;
    private long nextStart;
    private long rounds;
    private Thread thread;

    private record Outcome(OutboxMessage message, String error) {}

    OutboxWorker(OutboxChannel channel, JdbcClient jdbc, String node, Duration lease) {
        this.channel = channel;
        this.jdbc = jdbc;
        this.node = node;
        this.lease = lease;
    }

    OutboxChannel channel() {
        return channel;
    }

    long backlog() {
        return backlog;
    }

    long countBacklog() {
        backlog = jdbc.sql("SELECT COUNT(*) FROM outbox WHERE channel = ? AND next_attempt_at IS NOT NULL")
                .param(channel.name()).query(Long.class).single();
        return backlog;
    }

    void wake() {
        lock.lock();
        try {
            signalled = true;
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        long counted = 0;
        while (running) {
            try {
                if (System.nanoTime() - counted > TimeUnit.SECONDS.toNanos(1)) {
                    countBacklog();
                    counted = System.nanoTime();
                }
                if (failing.get() >= Math.max(1, channel.parallelism())) pause();
                List<OutboxMessage> round = claim(Instant.now());
                if (round.isEmpty()) sleep();
                else deliver(round);
            } catch (InterruptedException e) {
                return;
            } catch (Throwable e) {
                // the worker outlives any failure (a lost database, an OutOfMemoryError in a post), loudly
                log.error("outbox worker {} failed; retrying in a second", channel.name(), e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private List<OutboxMessage> claim(Instant now) {
        // each partition's head (its oldest pending row) from one pass over the outbox_order index; then the due ones
        // among them (a NOT EXISTS per due row cost PostgreSQL twice the time with a 100,000-row backlog)
        List<OutboxMessage> candidates = jdbc.sql("""
                SELECT o.id, o.partition_key, o.target, o.ref, o.body, o.attempts FROM outbox o
                JOIN (SELECT MIN(id) AS id FROM outbox WHERE channel = ? AND pending_key IS NOT NULL GROUP BY pending_key) h ON h.id = o.id
                WHERE o.next_attempt_at <= ? AND (o.claimed_until IS NULL OR o.claimed_until < ?)
                ORDER BY o.next_attempt_at, o.id LIMIT ?""")
                .params(channel.name(), ts(now), ts(now), roundSize())
                .query((rs, n) -> new OutboxMessage(rs.getLong(1), channel.name(), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6)))
                .list();
        if (candidates.isEmpty()) return candidates;
        // one UPDATE claims what is still free, tagged with this round's token; one SELECT tells which rows that was
        String token = node + ":" + (++rounds);
        String ids = idList(candidates.stream().map(OutboxMessage::id).toList());
        jdbc.sql("UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE id IN (" + ids + ")"
                        + " AND next_attempt_at IS NOT NULL AND (claimed_until IS NULL OR claimed_until < ?)")
                .params(token, ts(now.plus(lease)), ts(now)).update();
        Set<Long> won = new HashSet<>(jdbc.sql("SELECT id FROM outbox WHERE id IN (" + ids + ") AND claimed_by = ?")
                .param(token).query(Long.class).list());
        return candidates.stream().filter(m -> won.contains(m.id())).toList();
    }

    /** A paced channel claims two seconds' worth (fewer claims for the database), at most {@link #PACED_ROUND}. */
    private int roundSize() {
        double rate = channel.maxRate();
        return rate > 0 ? (int) Math.clamp(Math.ceil(rate * 2), 1, PACED_ROUND) : ROUND;
    }

    /** Starts the round's posts as slots free up; returns once the last one has started, not finished. */
    private void deliver(List<OutboxMessage> round) throws InterruptedException {
        for (OutboxMessage m : round) {
            slots.acquire();
            pace();
            inFlight.incrementAndGet();
            Thread.ofVirtual().name("outbox-" + channel.name() + "-" + m.id()).start(() -> post(m));
        }
    }

    /**
     * Waits for this post's turn under the channel's rate. Time lost to a late wake-up or to claiming the
     * next round is made up by the following posts (up to {@link #CATCH_UP}); after an idle spell the pace
     * starts afresh (at start, in {@link #sleep()} and {@link #pause()}), so idling earns no burst.
     */
    private void pace() throws InterruptedException {
        double rate = channel.maxRate();
        if (rate <= 0) return;
        long now = System.nanoTime();
        if (now - nextStart > CATCH_UP.toNanos()) nextStart = now - CATCH_UP.toNanos();
        if (nextStart - now > 0) TimeUnit.NANOSECONDS.sleep(nextStart - now);
        nextStart += (long) (1e9 / rate);
    }

    /** The receiver failed a slot's worth of posts in a row: wait before the next round (stop interrupts it). */
    private void pause() throws InterruptedException {
        Duration wait = backoff(pauses.incrementAndGet());
        log.info("outbox {}: the receiver failed {} posts in a row; next round in {}", channel.name(), failing.get(), wait);
        failing.set(0); // the next round counts afresh
        Thread.sleep(wait.toMillis());
        nextStart = System.nanoTime();
    }

    /** Posts one row and hands its outcome to the recorder; its slot is freed once that is written. */
    private void post(OutboxMessage m) {
        String error;
        try {
            error = channel.deliver(m).get(lease.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            error = e.getCause() != null ? e.getCause().toString() : e.toString();
        } catch (Throwable e) {
            error = e.toString();
        }
        if (error == null) {
            failing.set(0);
            pauses.set(0);
        } else {
            failing.incrementAndGet();
        }
        finished.add(new Outcome(m, error));
    }

    /**
     * Writes the outcomes of finished posts together: all delivered rows of a batch in one UPDATE, so a
     * draining backlog costs the database a statement per batch instead of two commits per post.
     */
    private void recordLoop() {
        var batch = new ArrayList<Outcome>();
        while (running || inFlight.get() > 0) {
            try {
                Outcome first = finished.poll(MIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                finished.drainTo(batch);
                channel.attempted(record(batch, Instant.now()));
            } catch (InterruptedException e) {
                // nothing interrupts it on purpose: it ends once stopped and the last posts are written
                log.warn("outbox {}: outcome recorder interrupted; carrying on", channel.name());
            } catch (Throwable e) {
                // the leases run out and the rows are posted again: at least once
                log.error("outbox {}: could not record the outcome of rows {}", channel.name(), batch.stream().map(o -> o.message().id()).toList(), e);
            } finally {
                for (int i = 0; i < batch.size(); i++) {
                    inFlight.decrementAndGet();
                    slots.release();
                }
                if (!batch.isEmpty()) wake(); // the partitions' next rows may be due now
                batch.clear();
            }
        }
    }

    private List<OutboxChannel.Attempt> record(List<Outcome> batch, Instant now) {
        var told = new ArrayList<OutboxChannel.Attempt>(batch.size());
        var delivered = new ArrayList<Long>();
        for (Outcome o : batch) {
            OutboxMessage m = o.message();
            if (o.error() == null) {
                delivered.add(m.id());
                told.add(new OutboxChannel.Attempt(m, null, true));
                continue;
            }
            int attempts = m.attempts() + 1;
            String error = o.error().length() <= 1000 ? o.error() : o.error().substring(0, 1000);
            boolean givenUp = channel.maxAttempts() > 0 && attempts >= channel.maxAttempts();
            if (givenUp) {
                log.error("outbox {}: row {} to {} given up after {} attempts: {}", channel.name(), m.id(), m.target(), attempts, error);
                jdbc.sql("""
                        UPDATE outbox SET attempts = ?, failed_at = ?, next_attempt_at = NULL, pending_key = NULL, claimed_until = NULL,
                          last_error = ? WHERE id = ?""").params(attempts, ts(now), error, m.id()).update();
            } else {
                log.debug("outbox {}: row {} failed ({}), attempt {}", channel.name(), m.id(), error, attempts);
                jdbc.sql("UPDATE outbox SET attempts = ?, next_attempt_at = ?, claimed_until = NULL, last_error = ? WHERE id = ?")
                        .params(attempts, ts(now.plus(backoff(attempts))), error, m.id()).update();
            }
            told.add(new OutboxChannel.Attempt(m, error, givenUp));
        }
        if (!delivered.isEmpty()) {
            jdbc.sql("""
                    UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, next_attempt_at = NULL, pending_key = NULL,
                      claimed_until = NULL, last_error = NULL WHERE id IN (""" + idList(delivered) + ")").param(ts(now)).update();
        }
        return told;
    }

    /** 1 s, 2 s, 4 s ... up to the channel's maximum. */
    private Duration backoff(int attempts) {
        Duration wait = Duration.ofSeconds(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(channel.maxBackoff()) > 0 ? channel.maxBackoff() : wait;
    }

    /** Until a commit brings a row, the next retry is due, or a periodic look for other nodes' rows. */
    private void sleep() throws InterruptedException {
        List<Instant> min = jdbc.sql("SELECT MIN(next_attempt_at) AS next_at FROM outbox WHERE channel = ? AND next_attempt_at IS NOT NULL")
                .param(channel.name()).query((rs, n) -> Sql.instant(rs, "next_at")).list();
        Instant next = min.isEmpty() ? null : min.getFirst();
        long wait = inFlight.get() > 0 ? MIN_WAIT.toMillis() : IDLE_LOOK.toMillis();
        // a due row that is held (behind an older one, or in flight on another node) must not make this spin
        if (next != null) wait = Math.clamp(Duration.between(Instant.now(), next).toMillis(), MIN_WAIT.toMillis(), wait);
        lock.lock();
        try {
            if (!signalled && running) work.await(wait, TimeUnit.MILLISECONDS);
            signalled = false;
        } finally {
            lock.unlock();
        }
        nextStart = System.nanoTime();
    }

    void start() {
        running = true;
        int parallelism = Math.max(1, channel.parallelism());
        slots = new Semaphore(parallelism);
        finished = new ArrayBlockingQueue<>(parallelism);
        nextStart = System.nanoTime(); // a fresh worker earns no burst either
        thread = Thread.ofVirtual().name("outbox-" + channel.name()).start(this::loop);
        Thread.ofVirtual().name("outbox-" + channel.name() + "-outcomes").start(this::recordLoop);
    }

    void stop() {
        running = false;
        if (thread != null) thread.interrupt();
    }
}
