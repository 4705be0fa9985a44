package org.ladewerk.bench;

/** Percentiles of latencies the bench timed itself (nearest rank). */
final class Percentiles {

    private Percentiles() {
    }

    /** The value at {@code p} (0..1) of ascending {@code sorted}; 0 when there is none. */
    static double of(double[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
