package org.ladewerk.server.worker;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background job run every interval on its own thread (status snapshot, EMM status push and
 * settings sync, outbox purge, stale sessions). One place for the loop, so no job can die silently: a
 * failure of a run is logged with its stack and the next run comes as planned.
 * <p>
 * A platform thread, not a virtual one: a job can compute for a long time without blocking (the
 * status snapshot of 19,000 stations takes about 150 ms), and on a virtual thread it would hold one of
 * the few carrier threads that also run Jetty's selector and every station's messages for that long.
 * The operating system preempts a platform thread.
 */
public final class Periodic implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Periodic.class);

    @FunctionalInterface
    public interface Job {
        void run() throws Exception;
    }

    private final Thread thread;
    private volatile boolean running = true;

    private Periodic(String name, Duration firstAfter, Duration every, Job job) {
        this.thread = Thread.ofPlatform().daemon(true).name(name).start(() -> loop(name, firstAfter, every, job));
    }

    /** Runs {@code job} after {@code firstAfter}, then every {@code every} until closed. */
    public static Periodic start(String name, Duration firstAfter, Duration every, Job job) {
        return new Periodic(name, firstAfter, every, job);
    }

    private void loop(String name, Duration firstAfter, Duration every, Job job) {
        try {
            Thread.sleep(firstAfter.toMillis());
            while (running) {
                try {
                    job.run();
                } catch (InterruptedException e) {
                    return;
                } catch (Exception | Error e) {
                    log.error("background job {} failed; next run in {}", name, every, e);
                }
                Thread.sleep(every.toMillis());
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
