package org.ladewerk.server.messagelog;

import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.ts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.store.BatchWriter;
import org.ladewerk.server.store.Writers;
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
 * Keeps every OCPP frame for the station page. Frames are handed from the publishing thread straight
 * into a {@link BatchWriter} (bounded in frames and bytes) that inserts them in large JDBC batches on
 * its own connection, outside the group commit, so no station ever waits for the log; a log that falls
 * behind does not log frames (counted and warned) rather than grow without bound. Frames older than
 * the retention are purged hourly.
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
    private static final int MAX_QUEUE = 100_000;
    /** How long the writer gathers frames: each commit costs a store write, so fewer, larger commits. */
    private static final Duration LINGER = Duration.ofMillis(200);

    private final EventBus events;
    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;
    private final LadewerkProperties.MessageLog settings;
    private final TransactionTemplate transactions;
    private final BatchWriter<StationEvent.Frame> writer;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running;
    private Runnable unsubscribe;

    public MessageLog(EventBus events, JdbcTemplate jdbcTemplate, PlatformTransactionManager txManager, LadewerkProperties properties,
                      Writers writers) {
        this.transactions = new TransactionTemplate(txManager);
        this.events = events;
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.settings = properties.messageLog();
        this.writer = writers.create("message-log", new BatchWriter.Limits(MAX_BATCH, MAX_QUEUE, settings.maxQueueBytes().toBytes(),
                LINGER, Duration.ZERO, Duration.ofSeconds(60)), this::write, this::lost);
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
        // a String of n chars holds up to 2n bytes; plus the frame's other fields
        if (!writer.offer(frame, 2L * frame.text().length() + 100) && dropped.incrementAndGet() % 1000 == 1)
            log.warn("message log cannot keep up; {} frames not logged so far", dropped.get());
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

    private void lost(List<StationEvent.Frame> batch, Throwable error) {
        dropped.addAndGet(batch.size());
    }

    @Override
    public void start() {
        if (!settings.enabled()) return;
        running = true;
        writer.start();
        unsubscribe = events.subscribeDirect(this::accept);
    }

    /** Stops taking frames, then writes what is queued. */
    @Override
    public void stop() {
        if (!running) return;
        unsubscribe.run();
        running = false;
        writer.stop(Duration.ofSeconds(10));
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
