package org.ladewerk.server.messagelog;

import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.ts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps every OCPP frame for the station page. A live event-bus subscriber hands frames to a writer
 * thread that inserts them in JDBC batches on its own connection, outside the group commit, so no
 * station ever waits for the log; a log that falls behind drops frames (counted and warned) rather
 * than grow without bound. Frames older than the retention are purged hourly.
 */
@Component
public class MessageLog implements SmartLifecycle {

    /** A frame as logged; {@code inbound} is station to central system. */
    public record LoggedFrame(long id, String stationId, Instant at, boolean inbound, String frame) {}

    private static final Logger log = LoggerFactory.getLogger(MessageLog.class);
    private static final String INSERT = "INSERT INTO message_log (station_id, logged_at, inbound, frame) VALUES (?, ?, ?, ?)";
    /** The frame column's size; only a raised ladewerk.ocpp.max-frame-size lets a longer frame through. */
    static final int MAX_FRAME = 1_000_000;
    private static final int MAX_BATCH = 5000;
    /** How long the writer gathers frames: each commit costs a store write, so fewer, larger commits. */
    private static final long LINGER_MILLIS = 200;

    private final EventBus events;
    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;
    private final LadewerkProperties.MessageLog settings;
    private final BlockingQueue<StationEvent.Frame> pending = new ArrayBlockingQueue<>(50_000);
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running;
    private EventBus.Subscription subscription;
    private Thread writer;

    private final TransactionTemplate transactions;

    public MessageLog(EventBus events, JdbcTemplate jdbcTemplate, PlatformTransactionManager txManager, LadewerkProperties properties) {
        this.transactions = new TransactionTemplate(txManager);
        this.events = events;
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.settings = properties.messageLog();
    }

    /** The newest frames of a station, newest first; {@code beforeId} pages further back. */
    public List<LoggedFrame> recent(String stationId, int limit, Long beforeId) {
        String sql = "SELECT * FROM message_log WHERE station_id = ?" + (beforeId == null ? "" : " AND id < ?")
                + " ORDER BY id DESC LIMIT ?";
        List<Object> args = new ArrayList<>(List.of(stationId));
        if (beforeId != null) args.add(beforeId);
        args.add(limit);
        return jdbc.sql(sql).params(args).query((rs, n) -> new LoggedFrame(rs.getLong("id"), rs.getString("station_id"),
                instant(rs, "logged_at"), rs.getBoolean("inbound"), rs.getString("frame"))).list();
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    public void purgeExpired() {
        int purged = purgeBefore(Instant.now().minus(settings.retention()));
        if (purged > 0) log.debug("purged {} logged frames older than {}", purged, settings.retention());
    }

    public int purgeBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM message_log WHERE logged_at < ?").param(ts(cutoff)).update();
    }

    private void accept(StationEvent event) {
        if (!(event instanceof StationEvent.Frame frame)) return;
        if (!pending.offer(frame) && dropped.incrementAndGet() % 1000 == 1)
            log.warn("message log cannot keep up; {} frames not logged so far", dropped.get());
    }

    private void writeLoop() {
        List<StationEvent.Frame> batch = new ArrayList<>(MAX_BATCH);
        while (running || !pending.isEmpty()) {
            try {
                StationEvent.Frame first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
                while (batch.size() < MAX_BATCH && System.nanoTime() < until && running) {
                    if (pending.drainTo(batch, MAX_BATCH - batch.size()) == 0) Thread.sleep(5);
                }
                write(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("could not write {} frames to the message log", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<StationEvent.Frame> batch) {
        List<Object[]> rows = new ArrayList<>(batch.size());
        for (StationEvent.Frame f : batch) {
            String text = f.text().length() <= MAX_FRAME ? f.text() : f.text().substring(0, MAX_FRAME);
            rows.add(new Object[] {f.stationId(), ts(f.at()), f.inbound(), text});
        }
        // one transaction per batch: in autocommit every row would be its own commit
        transactions.executeWithoutResult(status -> jdbcTemplate.batchUpdate(INSERT, rows));
    }

    @Override
    public void start() {
        if (!settings.enabled()) return;
        running = true;
        writer = Thread.ofVirtual().name("message-log").start(this::writeLoop);
        subscription = events.subscribe("message-log", 10_000, this::accept);
    }

    /** Stops taking frames, then writes what is queued. */
    @Override
    public void stop() {
        if (!running) return;
        subscription.close();
        running = false;
        try {
            writer.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the transports, so the frames of their shutdown are logged, and before the store. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 2000;
    }
}
