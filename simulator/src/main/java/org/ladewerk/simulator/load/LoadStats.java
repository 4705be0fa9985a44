package org.ladewerk.simulator.load;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.ladewerk.simulator.link.CallObserver;

/**
 * Counts and round-trip latencies of every station call in a load run. Latencies go into HdrHistogram
 * recorders (lock-free for the recording threads); {@link #startWindow()} drops what the warm-up recorded.
 */
public final class LoadStats implements CallObserver {

    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(5);

    final LongAdder sent = new LongAdder();
    final LongAdder answered = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder disconnects = new LongAdder();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger peakConnected = new AtomicInteger();
    private final Recorder all = new Recorder(MAX_MICROS, 3);
    private final Map<String, Recorder> byAction = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> answeredByAction = new ConcurrentHashMap<>();

    @Override
    public void connected() {
        peakConnected.accumulateAndGet(connected.incrementAndGet(), Math::max);
    }

    @Override
    public void disconnected() {
        connected.decrementAndGet();
        disconnects.increment();
    }

    @Override
    public void connectFailed(Throwable cause) {
        connectFailures.increment();
    }

    @Override
    public void sent(String action) {
        sent.increment();
    }

    @Override
    public void answered(String action, long nanos, boolean error) {
        answered.increment();
        if (error) errors.increment();
        long micros = Math.min(MAX_MICROS, Math.max(1, nanos / 1000));
        all.recordValue(micros);
        byAction.computeIfAbsent(action, a -> new Recorder(MAX_MICROS, 3)).recordValue(micros);
        answeredByAction.computeIfAbsent(action, a -> new LongAdder()).increment();
    }

    @Override
    public void timedOut(String action) {
        timeouts.increment();
    }

    public int connectedNow() {
        return connected.get();
    }

    public int peakConnected() {
        return peakConnected.get();
    }

    public long answered(String action) {
        LongAdder a = answeredByAction.get(action);
        return a == null ? 0 : a.sum();
    }

    /** Discards the latencies recorded so far. */
    public void startWindow() {
        all.getIntervalHistogram();
        byAction.values().forEach(Recorder::getIntervalHistogram);
    }

    /** The latencies since the window started; resets the recorders. */
    public Histogram windowHistogram() {
        return all.getIntervalHistogram();
    }

    public Map<String, Histogram> windowByAction() {
        var out = new java.util.TreeMap<String, Histogram>();
        byAction.forEach((action, r) -> out.put(action, r.getIntervalHistogram()));
        return out;
    }

    public long sent() {
        return sent.sum();
    }

    public long answered() {
        return answered.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public long timeouts() {
        return timeouts.sum();
    }

    public long connectFailures() {
        return connectFailures.sum();
    }

    public long disconnects() {
        return disconnects.sum();
    }
}
