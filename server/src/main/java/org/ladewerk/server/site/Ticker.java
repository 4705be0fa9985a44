package org.ladewerk.server.site;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background job of the site on its own daemon thread, at a fixed rate (site snapshots keep to the
 * clock's boundaries; {@link org.ladewerk.server.worker.Periodic} waits its interval after each run). A
 * scheduled executor stops a periodic task for good on its first exception or error; this one logs the
 * failure and runs again at the next period.
 */
public final class Ticker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Ticker.class);
    private final ScheduledExecutorService executor;

    private Ticker(String name, Duration firstDelay, Duration period, Runnable task) {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(name).factory());
        executor.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) { // either would end the schedule without a word
                log.warn("{} failed; running again in {}", name, period, e);
            }
        }, firstDelay.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static Ticker every(String name, Duration firstDelay, Duration period, Runnable task) {
        return new Ticker(name, firstDelay, period, task);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
