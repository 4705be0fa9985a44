package org.ladewerk.server.transport;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Repeated warnings, one line per key (a station and a cause) and interval, however often they
 * happen: a station that floods unsolicited frames or poison messages must not flood the log, and
 * must not hide the first occurrence either. The next line after a quiet spell says how many were
 * left out. Keys are bounded: past {@value #MAX_KEYS} the table starts afresh.
 */
public final class RateLimitedLog {

    static final int MAX_KEYS = 10_000;
    private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private record Window(long startNanos, AtomicLong suppressed) {}

    private final Logger log;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimitedLog(Logger log) {
        this.log = log;
    }

    public void warn(String key, String format, Object... args) {
        long suppressed = admit(key);
        if (suppressed >= 0) log.warn(format + suffix(suppressed), args);
    }

    /** An error with its stack trace, the trace at most once per key and interval. */
    public void error(String key, String message, Throwable cause) {
        long suppressed = admit(key);
        if (suppressed >= 0) log.error(message + suffix(suppressed), cause);
    }

    /** -1 when this occurrence is to be left out, else how many were left out before it. */
    private long admit(String key) {
        long now = System.nanoTime();
        if (windows.size() >= MAX_KEYS) windows.clear();
        var fresh = new Window(now, new AtomicLong());
        Window w = windows.putIfAbsent(key, fresh);
        if (w == null) return 0;
        if (now - w.startNanos() < INTERVAL_NANOS) {
            w.suppressed().incrementAndGet();
            return -1;
        }
        return windows.replace(key, w, fresh) ? w.suppressed().get() : -1;
    }

    private static String suffix(long suppressed) {
        return suppressed == 0 ? "" : " (" + suppressed + " alike left out in the last minute or more)";
    }
}
