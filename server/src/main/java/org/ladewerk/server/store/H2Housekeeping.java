package org.ladewerk.server.store;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Rewrites the sparse chunks of an H2 file database while it runs. With {@code WRITE_DELAY=0} (every
 * commit written to the file before the station is answered) H2 stores a chunk per commit but starts no
 * background thread, and that thread is what rewrites chunks whose pages are mostly dead: a chunk that keeps one
 * live page (a full leaf of meter values) is never freed. At 5,000 MeterValues/s the file grew by 17 MB/s
 * and H2 kept every chunk's metadata on the heap, 180 more chunks a second (with this and H2's own 45 s
 * retention: 5 MB/s, at most 15,000 chunks; with the 10 s of the default URL about half that file and
 * 4,200-4,600 chunks after 150 s, round 34). Each run moves the live pages of the emptiest chunks older
 * than H2's retention time (10 s, set in the default URL; at most {@link #WRITE_LIMIT} bytes), so their
 * space is reused by later commits, and writes the moved pages in a chunk of its own (in the next group
 * commit's they made that commit longer: MeterValues p99 at 5,000/s 106-117 against 77-88 ms, round 36).
 * <p>
 * Its own timer rather than a {@link org.ladewerk.server.worker.Periodic}: that one interrupts its thread to
 * stop (an interrupt during H2's file I/O closes the database's file channel) and logs every failure with
 * its stack, ten times a second at this interval.
 */
@Component
class H2Housekeeping implements SmartLifecycle {

    /** Chunks are rewritten while less than this share (%) of the stored pages is live. */
    static final int FILL_RATE = 80;

    /**
     * Most bytes of live pages moved per run: small, as commits wait for the store lock meanwhile (4 MB per
     * 100 ms kept the file flat at 5,000 MeterValues/s but held commits long enough for a p99 of 1.8 s).
     */
    static final int WRITE_LIMIT = 1 << 20;

    private static final Logger log = LoggerFactory.getLogger(H2Housekeeping.class);

    private final DataSource dataSource;
    private final boolean h2File;
    private final Duration interval;
    private ScheduledExecutorService timer;
    private int failures; // in a row; only the timer thread runs

    H2Housekeeping(DataSource dataSource, @Value("${spring.datasource.url:}") String url,
                   @Value("${ladewerk.store.h2-housekeeping-interval:100ms}") Duration interval) {
        this.dataSource = dataSource;
        this.h2File = Sql.isH2File(url);
        this.interval = interval;
    }

    void run() {
        try (Connection c = dataSource.getConnection()) {
            MVStore store = H2FileSync.mvStore(c);
            if (store.compact(FILL_RATE, WRITE_LIMIT)) store.commit();
            failures = 0;
        } catch (Throwable e) { // anything thrown out of here would end the schedule without a word
            // the next run tries again; a database that stays unusable turns health DOWN (DatabaseHealthIndicator)
            if (failures++ % 600 == 0) log.warn("H2 housekeeping failed ({} times in a row): {}", failures, e.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (!h2File || !interval.isPositive() || timer != null) return;
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("h2-housekeeping").daemon().factory());
        timer.scheduleWithFixedDelay(this::run, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer == null) return;
        timer.shutdown(); // not interrupted: an interrupt during H2's file I/O closes the file channel
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
