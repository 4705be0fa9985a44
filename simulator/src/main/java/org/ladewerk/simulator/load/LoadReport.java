package org.ladewerk.simulator.load;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The summary of a load run, printed and written as JSON. Latencies are round trips (frame sent to
 * answer received) in milliseconds, over the measurement window only.
 *
 * @param bootStormSeconds from the first connection attempt until every station was accepted and its
 *                         first StatusNotifications answered; null when not all made it
 */
public record LoadReport(String target, boolean echo, int stations, int sourceAddresses, int connected, int peakConnected,
                         int accepted, Double bootStormSeconds, double windowSeconds, long messagesSent, long messagesAnswered,
                         long windowAnswered, long errors, long timeouts, long connectFailures, long disconnects,
                         double throughputPerSecond, Latency latency, Map<String, Latency> byAction) {

    /** Round-trip latency percentiles in milliseconds. */
    public record Latency(long count, double p50, double p95, double p99, double max, double mean) {
        static Latency of(Histogram h) {
            if (h.getTotalCount() == 0) return new Latency(0, 0, 0, 0, 0, 0);
            return new Latency(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(95)),
                    ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()), Math.round(h.getMean()) / 1000.0);
        }

        private static double ms(long micros) {
            return Math.round(micros / 10.0) / 100.0;
        }
    }

    public String summary() {
        var b = new StringBuilder();
        b.append(String.format("target            %s%s%n", target, echo ? " (echo)" : ""));
        b.append(String.format("stations          %d over %d source address(es); connected %d (peak %d), accepted %d%n",
                stations, sourceAddresses, connected, peakConnected, accepted));
        b.append(String.format("boot storm        %s%n", bootStormSeconds == null ? "incomplete" : String.format("%.1f s", bootStormSeconds)));
        b.append(String.format("messages          %d sent, %d answered, %d errors, %d timeouts, %d failed connects, %d disconnects%n",
                messagesSent, messagesAnswered, errors, timeouts, connectFailures, disconnects));
        b.append(String.format("throughput        %.0f msg/s over %.0f s%n", throughputPerSecond, windowSeconds));
        b.append(String.format("latency (ms)      p50 %.2f  p95 %.2f  p99 %.2f  max %.2f%n", latency.p50(), latency.p95(), latency.p99(), latency.max()));
        byAction.forEach((action, l) -> b.append(String.format("  %-28s %8d  p50 %.2f  p99 %.2f  max %.2f%n", action, l.count(), l.p50(), l.p99(), l.max())));
        return b.toString();
    }
}
