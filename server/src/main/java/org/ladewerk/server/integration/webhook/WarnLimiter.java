package org.ladewerk.server.integration.webhook;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one warning per key (station and cause) through per period and counts the rest, so a receiver
 * that fails every call cannot flood the log with thousands of identical lines. Bounded: the table is
 * cleared when it holds too many keys.
 */
final class WarnLimiter {

    private static final int MAX_KEYS = 10_000;

    private record Window(long startNanos, AtomicLong suppressed) {}

    private final long periodNanos;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    WarnLimiter(Duration period) {
        this.periodNanos = period.toNanos();
    }

    /** -1 when this warning is to be dropped; otherwise how many of this key were dropped since the last one logged. */
    long admit(String key, long nowNanos) {
        if (windows.size() > MAX_KEYS) windows.clear();
        Window w = windows.get(key);
        if (w != null && nowNanos - w.startNanos() < periodNanos) {
            w.suppressed().incrementAndGet();
            return -1;
        }
        windows.put(key, new Window(nowNanos, new AtomicLong()));
        return w == null ? 0 : w.suppressed().get();
    }
}
