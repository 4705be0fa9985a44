package org.ladewerk.simulator.link;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The calls a station has to send, the same whatever carries them (OCPP-J in {@link OcppLink}, SOAP
 * in {@code SoapLink}), as a charger keeps them: one call in flight at a time (OCPP allows one
 * unanswered call per direction); until the central system accepts the station only boot calls go;
 * ONLINE calls are refused while offline and dropped with the connection; transaction messages
 * (QUEUED) are kept across outages and, when they fail, retried first in line. The link decides
 * when it is connected and how a call travels. Thread-safe.
 */
public final class CallQueue {

    /** One call and its fate; the link's own bookkeeping (id, send time) travels with it. */
    public static final class Call {
        public final String action;
        public final Supplier<?> payload;
        public final Delivery delivery;
        public final Consumer<ObjectNode> first;
        public final CompletableFuture<ObjectNode> future = new CompletableFuture<>();
        int attempts;
        String id;
        volatile long sentNanos;

        Call(String action, Supplier<?> payload, Delivery delivery, Consumer<ObjectNode> first) {
            this.action = action;
            this.payload = payload;
            this.delivery = delivery;
            this.first = first;
        }

        /** The central system's answer: {@code first} sees it before the future completes (and before the next call is rendered). */
        public void answered(String identity, ObjectNode answer) {
            if (first != null) {
                try {
                    first.accept(answer);
                } catch (RuntimeException e) {
                    log.warn("{}: handling the answer to {} failed", identity, action, e);
                }
            }
            future.complete(answer);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(CallQueue.class);

    private final String identity;
    // guarded by this
    private final ArrayDeque<Call> queue = new ArrayDeque<>();
    private Call inFlight;
    private boolean ready;
    private boolean holding;

    public CallQueue(String identity) {
        this.identity = identity;
    }

    /** Queues a call, or fails it at once when it cannot go in the link's state; the link then sends what it can. */
    public Call offer(String action, Supplier<?> payload, Delivery delivery, Consumer<ObjectNode> first, boolean connected) {
        var call = new Call(action, payload, delivery, first);
        synchronized (this) {
            boolean possible = switch (delivery) {
                case QUEUED -> true;
                case BOOT -> connected;
                case ONLINE -> connected && ready;
            };
            if (possible) {
                queue.add(call);
                return call;
            }
        }
        call.future.completeExceptionally(new OfflineException(identity + " is offline"));
        return call;
    }

    /** The next call to send, now in flight; null while not connected, a call is in flight, a retry waits or nothing may go yet. */
    public synchronized Call take(boolean connected) {
        if (!connected || inFlight != null || holding) return null;
        for (Iterator<Call> it = queue.iterator(); it.hasNext(); ) {
            Call c = it.next();
            if (ready || c.delivery == Delivery.BOOT) {
                it.remove();
                inFlight = c;
                return c;
            }
        }
        return null;
    }

    /** What became of a call whose attempt ended. */
    public enum Outcome { NOT_IN_FLIGHT, DONE, RETRY }

    /** The call in flight, or null. */
    synchronized Call inFlight() {
        return inFlight;
    }

    /** The call in flight with this id, or null (a late or unknown answer). */
    synchronized Call inFlight(String id) {
        return inFlight != null && inFlight.id.equals(id) ? inFlight : null;
    }

    /**
     * An attempt of the call in flight ended, in one step so no other call slips in between: DONE,
     * or RETRY for a failed transaction message, which goes back first in line and is sent again
     * after {@link #release()} (TransactionMessageAttempts: at most {@code maxAttempts} answered
     * attempts; a central system that could not be reached ({@code unreachable}) does not count).
     */
    public synchronized Outcome finish(Call call, boolean failed, int maxAttempts, boolean unreachable) {
        if (call == null || inFlight != call) return Outcome.NOT_IN_FLIGHT;
        inFlight = null;
        if (failed && call.delivery == Delivery.QUEUED && (unreachable || ++call.attempts < Math.max(1, maxAttempts))) {
            queue.addFirst(call);
            holding = true;
            return Outcome.RETRY;
        }
        return Outcome.DONE;
    }

    /** The call in flight got no answer: it stays in flight when it is a transaction message (the link reconnects). */
    synchronized boolean timedOut(Call call) {
        if (inFlight != call) return false;
        if (call.delivery != Delivery.QUEUED) inFlight = null;
        return true;
    }

    public synchronized void release() {
        holding = false;
    }

    public synchronized boolean isReady() {
        return ready;
    }

    /** Calls waiting to be sent and the one being sent. */
    public synchronized int backlog() {
        return queue.size() + (inFlight == null ? 0 : 1);
    }

    /** Whether the central system accepted the station; when not, calls that needed that fail. */
    public void ready(boolean accepted) {
        List<Call> failed;
        synchronized (this) {
            ready = accepted;
            failed = accepted ? List.of() : remove(c -> c.delivery == Delivery.ONLINE);
        }
        fail(failed, " is not accepted");
    }

    /** The connection is gone: transaction messages stay (the one in flight first), the others fail. */
    void lost() {
        List<Call> failed = new ArrayList<>();
        synchronized (this) {
            holding = false;
            if (inFlight != null) {
                if (inFlight.delivery == Delivery.QUEUED) queue.addFirst(inFlight);
                else failed.add(inFlight);
                inFlight = null;
            }
            failed.addAll(remove(c -> c.delivery != Delivery.QUEUED));
        }
        fail(failed, " lost its connection");
    }

    /** Fails everything waiting, e.g. when the emulator shuts down. */
    public void abandon() {
        List<Call> failed;
        synchronized (this) {
            failed = remove(c -> true);
        }
        fail(failed, " stopped");
    }

    private List<Call> remove(Predicate<Call> which) {
        var out = new ArrayList<Call>();
        for (Iterator<Call> it = queue.iterator(); it.hasNext(); ) {
            Call c = it.next();
            if (which.test(c)) {
                it.remove();
                out.add(c);
            }
        }
        return out;
    }

    private void fail(List<Call> calls, String why) {
        calls.forEach(c -> c.future.completeExceptionally(new OfflineException(identity + why)));
    }
}
