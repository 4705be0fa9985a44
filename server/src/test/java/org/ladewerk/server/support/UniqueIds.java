package org.ladewerk.server.support;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids for test data that are unique within a run and across runs on one database (a random start,
 * then a counter) and always have the same length, whatever the machine's clock or uptime.
 */
public final class UniqueIds {

    private static final int WIDTH = 10;
    private static final AtomicLong NEXT = new AtomicLong(new SecureRandom().nextLong(0, (long) Math.pow(36, WIDTH - 1)));

    private UniqueIds() {}

    /** {@code prefix-} followed by ten base-36 characters. */
    public static String next(String prefix) {
        String digits = Long.toString(NEXT.getAndIncrement(), 36).toUpperCase();
        return prefix + "-" + "0".repeat(WIDTH - digits.length()) + digits;
    }

    /** {@link #next(String)} shortened to {@code maxLength} by dropping the leading suffix digits, never the prefix or the changing tail. */
    public static String next(String prefix, int maxLength) {
        String id = next(prefix);
        int keep = maxLength - prefix.length() - 1;
        if (keep < 4) throw new IllegalArgumentException("prefix " + prefix + " leaves too few characters within " + maxLength);
        return id.length() <= maxLength ? id : prefix + "-" + id.substring(id.length() - keep);
    }
}
