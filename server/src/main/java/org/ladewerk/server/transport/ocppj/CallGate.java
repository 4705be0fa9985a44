package org.ladewerk.server.transport.ocppj;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission control for station calls: at most {@code limit} stations are let in to have their next
 * call read and answered at once; the others keep that call unread in their socket and are let in
 * first come, first served as answers go out.
 * <p>
 * Without it, under overload every station with a call waiting becomes a task in the virtual-thread
 * scheduler's queue (4,000 to 11,000 deep at 20,000 MeterValues/s offered), and a REST request queues
 * behind all of them at each step. With it that queue stays short: stations wait as long as before
 * (their calls wait in the socket instead), everyone else does not.
 * <p>
 * A station counts from the moment it is let in until its call is answered. One let in that sends
 * nothing within the patience (most stations most of the time) stops counting; its next call counts
 * from its arrival. So idle stations hold no places, and the limit is soft: a call that did not come
 * through the gate (a station's first, or one from a station presumed idle) is counted but never held
 * back.
 * <p>
 * Once stations queue (after a young collection, say), the queue is mostly of idle stations, and it
 * drains only as fast as their places expire: limit per patience. Stations answered meanwhile join it,
 * so below that rate the queue stays and every call waits in its socket behind it (round 38: 1.8 s at
 * 5,000 calls/s, with 256 places held 100 ms each). The patience therefore grows with the limit, so that
 * idle stations leave at {@link #IDLE_DRAIN_PER_SECOND} whatever the limit.
 */
final class CallGate {

    private static final Logger log = LoggerFactory.getLogger(CallGate.class);
    /** How fast a queue of idle stations drains: twice the benchmark's moderate load. */
    private static final int IDLE_DRAIN_PER_SECOND = 10_000;
    /** Shortest patience: far longer than a let-in call takes to be read while the server keeps up. */
    private static final long MIN_PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** How often {@link #expire} should run: no longer than the shortest patience. */
    static final long EXPIRY_TICK_MILLIS = 5;
    private static final Runnable[] NONE = {};

    /** One connection's place at the gate. */
    static final class Pass {
        private final Runnable readOn;
        // guarded by the gate
        private boolean counted;
        private boolean waiting;
        /** Let in and not seen calling since. */
        private boolean silent;
        private boolean gone;
        private long letInAt;

        Pass(Runnable readOn) {
            this.readOn = readOn;
        }
    }

    private record LetIn(Pass pass, long at) {}

    private final int limit;
    /** Let in and silent this long: presumed idle. */
    private final long patienceNanos;
    private final LongSupplier nanoTime;
    // guarded by this
    private int inProgress;
    /** Holds each connection at most once, so never more than the stations connected. */
    private final ArrayDeque<Pass> waiting = new ArrayDeque<>();
    /** Let in and not yet seen calling, oldest first: how the idle ones are found (about the last patience of let-ins). */
    private final ArrayDeque<LetIn> letIn = new ArrayDeque<>();

    CallGate(int limit) {
        this(limit, System::nanoTime);
    }

    CallGate(int limit, LongSupplier nanoTime) {
        if (limit < 1) throw new IllegalArgumentException("ladewerk.ocpp.max-calls-in-progress must be at least 1, was " + limit);
        this.limit = limit;
        this.patienceNanos = Math.max(MIN_PATIENCE_NANOS, TimeUnit.SECONDS.toNanos(limit) / IDLE_DRAIN_PER_SECOND);
        this.nanoTime = nanoTime;
    }

    /** A call arrived on this connection. */
    synchronized void calling(Pass pass) {
        if (!pass.counted) {
            pass.counted = true;
            inProgress++;
        }
        pass.silent = false;
    }

    /**
     * Its call is answered: the connection reads on now, or after those already waiting; with
     * {@code readOn} false (it is closing) it only gives its place up.
     */
    void answered(Pass pass, boolean readOn) {
        Runnable[] admitted;
        synchronized (this) {
            release(pass);
            if (readOn && !pass.waiting && !pass.gone) {
                pass.waiting = true;
                waiting.add(pass);
            }
            admitted = admit();
        }
        readOn(admitted);
    }

    /** The connection closed: a place it holds while let in is free again, and it leaves the queue. */
    void left(Pass pass) {
        Runnable[] admitted;
        synchronized (this) {
            pass.gone = true;
            if (pass.silent) release(pass);
            admitted = admit();
        }
        readOn(admitted);
    }

    /** Run every few milliseconds: those let in that sent nothing stop counting, and others are let in instead. */
    void expire() {
        Runnable[] admitted;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            for (LetIn head; (head = letIn.peek()) != null && now - head.at() >= patienceNanos; letIn.poll()) {
                Pass pass = head.pass();
                if (pass.silent && pass.letInAt == head.at()) release(pass);
            }
            admitted = admit();
        }
        readOn(admitted);
    }

    /** Its place is free: the call it was counted for is answered, or it was let in and is gone or idle. */
    // guarded by this
    private void release(Pass pass) {
        pass.silent = false;
        if (pass.counted) {
            pass.counted = false;
            inProgress--;
        }
    }

    // guarded by this
    private Runnable[] admit() {
        int n = Math.min(waiting.size(), limit - inProgress);
        if (n <= 0) return NONE;
        long now = nanoTime.getAsLong();
        var admitted = new ArrayList<Runnable>(n);
        for (Pass pass; admitted.size() < n && (pass = waiting.poll()) != null; ) {
            pass.waiting = false;
            if (pass.gone) continue;
            pass.counted = true;
            pass.silent = true;
            pass.letInAt = now;
            inProgress++;
            letIn.add(new LetIn(pass, now));
            admitted.add(pass.readOn);
        }
        return admitted.toArray(NONE);
    }

    /** Outside the gate's lock, so it is never held while Jetty takes the connection's own (demand). */
    private static void readOn(Runnable[] admitted) {
        for (Runnable r : admitted) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("a station let in could not read on: {}", e.toString());
            }
        }
    }

    long patienceNanos() {
        return patienceNanos;
    }

    synchronized int inProgress() {
        return inProgress;
    }

    synchronized int waiting() {
        return waiting.size();
    }
}
