package org.ladewerk.simulator.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The summary of a load run, printed and written as JSON. Latencies are round trips (frame sent to
 * answer received) in milliseconds, over the measurement window only.
 *
 * @param acceptedSeconds  from the first connection attempt until every station's BootNotification was answered
 *                         Accepted (the server answers after storing the station); null when not all were, and for the echo
 * @param bootStormSeconds from the first connection attempt until every station was accepted and its
 *                         first StatusNotifications answered; null when not all made it
 * @param rejectedTags     how often a station's id tag was refused (Authorize or StartTransaction), so it did not charge
 */
public record LoadReport(String target, boolean echo, int stations, int sourceAddresses, int targetAddresses, int connected, int peakConnected,
                         int accepted, Double acceptedSeconds, Double bootStormSeconds, double windowSeconds, long messagesSent, long messagesAnswered,
                         long windowAnswered, long errors, long timeouts, long connectFailures, long disconnects,
                         long rejectedTags, double throughputPerSecond, Latency latency, Map<String, Latency> byAction) {

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

    /**
     * Why the run measured nothing or not what it was asked to: stations that never connected or
     * were not accepted, refused id tags (no transactions, so no meter values), no answer at all in
     * the window. Empty when the figures above mean what they say.
     */
    public List<String> problems() {
        var out = new ArrayList<String>();
        if (peakConnected == 0) out.add("no station could connect to " + target);
        else if (!echo && accepted < stations)
            out.add("only " + accepted + " of " + stations + " stations were accepted (BootNotification); see the central system's admission settings");
        if (rejectedTags > 0)
            out.add(rejectedTags + " id tag presentations were rejected, those stations did not charge: register the tag"
                    + " (PUT /api/v1/id-tags/{idTag}) or start the central system with ladewerk.authorization.unknown-id-tags=accept");
        if (windowAnswered == 0) out.add("nothing was measured: no message was answered in the " + Math.round(windowSeconds) + " s window");
        return out;
    }

    public String summary() {
        var b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "target            %s%s%n", target, echo ? " (echo)" : ""));
        b.append(String.format(Locale.ROOT, "stations          %d over %d source and %d target address(es); connected %d (peak %d), accepted %d%n",
                stations, sourceAddresses, targetAddresses, connected, peakConnected, accepted));
        b.append(String.format(Locale.ROOT, "boot storm        %s%s%n", bootStormSeconds == null ? "incomplete" : String.format(Locale.ROOT, "%.1f s", bootStormSeconds),
                acceptedSeconds == null ? "" : String.format(Locale.ROOT, " (all accepted after %.1f s)", acceptedSeconds)));
        b.append(String.format(Locale.ROOT, "messages          %d sent, %d answered, %d errors, %d timeouts, %d failed connects, %d disconnects%n",
                messagesSent, messagesAnswered, errors, timeouts, connectFailures, disconnects));
        b.append(String.format(Locale.ROOT, "throughput        %.0f msg/s over %.0f s%n", throughputPerSecond, windowSeconds));
        b.append(String.format(Locale.ROOT, "latency (ms)      p50 %.2f  p95 %.2f  p99 %.2f  max %.2f%n", latency.p50(), latency.p95(), latency.p99(), latency.max()));
        byAction.forEach((action, l) -> b.append(String.format(Locale.ROOT, "  %-28s %8d  p50 %.2f  p99 %.2f  max %.2f%n", action, l.count(), l.p50(), l.p99(), l.max())));
        return b.toString();
    }
}
