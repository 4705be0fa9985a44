package org.ladewerk.server.messagelog;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.store.BatchWriter;
import org.ladewerk.server.store.Sql;
import org.ladewerk.server.store.Writers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Keeps every OCPP frame for the station page. Frames are handed from the publishing thread straight
 * into a {@link BatchWriter} (bounded in frames and bytes) that writes them in large batches on its
 * own thread, outside the group commit, so no station ever waits for the log; a log that falls behind
 * does not log frames (counted and warned) rather than grow without bound. Where the frames go is a
 * {@link FrameStore}: segment files in the data directory on a file H2 (the default there; see
 * {@link SegmentFrameStore} for why), the same blocks of frames in the {@code message_log_block}
 * table on PostgreSQL ({@link TableFrameStore}), where every node must see every station's frames.
 * Frames older than the retention are purged hourly.
 */
@Component
public class MessageLog implements SmartLifecycle {

    /** A frame as logged; {@code inbound} is station to central system. */
    public record LoggedFrame(long id, String stationId, Instant at, boolean inbound, String frame) {}

    private static final Logger log = LoggerFactory.getLogger(MessageLog.class);
    /** The frame column's size; only a raised ladewerk.ocpp.max-frame-size lets a longer frame through. */
    static final int MAX_FRAME = 1_000_000;
    private static final int MAX_BATCH = 5000;
    private static final int MAX_QUEUE = 100_000;
    /** How long the writer gathers frames: each batch costs a commit or a block per file, so fewer, larger ones. */
    private static final Duration LINGER = Duration.ofMillis(200);

    private final EventBus events;
    private final LadewerkProperties.MessageLog settings;
    private final FrameStore store;
    private final BatchWriter<StationEvent.Frame> writer;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running;
    private Runnable unsubscribe;

    public MessageLog(EventBus events, JdbcTemplate jdbcTemplate, PlatformTransactionManager txManager, LadewerkProperties properties,
                      Writers writers, @Value("${spring.datasource.url:}") String databaseUrl,
                      @Value("${ladewerk.data-dir:./data}") Path dataDir) {
        this.events = events;
        this.settings = properties.messageLog();
        boolean files = switch (settings.storage()) {
            case FILES -> true;
            case TABLE -> false;
            // an in-memory H2 (tests) keeps nothing on disk, so neither does its log
            case AUTO -> Sql.isH2File(databaseUrl);
        };
        this.store = files ? new SegmentFrameStore(dataDir.resolve("message-log")) : new TableFrameStore(jdbcTemplate, txManager);
        this.writer = writers.create("message-log", new BatchWriter.Limits(MAX_BATCH, MAX_QUEUE, settings.maxQueueBytes().toBytes(),
                LINGER, Duration.ZERO, Duration.ofSeconds(60)), store::append, this::lost);
    }

    /** The newest frames of a station, newest first; {@code beforeId} pages further back. */
    public List<LoggedFrame> recent(String stationId, int limit, Long beforeId) {
        return store.recent(stationId, limit, beforeId);
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    public void purgeExpired() {
        int purged = purgeBefore(Instant.now().minus(settings.retention()));
        if (purged > 0) log.debug("purged {} logged frames (or segment files) older than {}", purged, settings.retention());
    }

    public int purgeBefore(Instant cutoff) {
        return store.purgeBefore(cutoff);
    }

    /** Forgets the frames of removed stations. */
    public void forget(Collection<String> stationIds) {
        if (!stationIds.isEmpty()) store.forget(stationIds);
    }

    private void accept(StationEvent event) {
        if (!(event instanceof StationEvent.Frame frame)) return;
        // a String of n chars holds up to 2n bytes; plus the frame's other fields
        if (!writer.offer(frame, 2L * frame.text().length() + 100) && dropped.incrementAndGet() % 1000 == 1)
            log.warn("message log cannot keep up; {} frames not logged so far", dropped.get());
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
        if (store instanceof SegmentFrameStore files) files.close();
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
