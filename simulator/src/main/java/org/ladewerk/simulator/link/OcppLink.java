package org.ladewerk.simulator.link;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.ladewerk.ocpp.ErrorCode;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.OcppVersion;
import org.ladewerk.ocpp.rpc.Call;
import org.ladewerk.ocpp.rpc.CallError;
import org.ladewerk.ocpp.rpc.CallResult;
import org.ladewerk.ocpp.rpc.Frame;
import org.ladewerk.ocpp.rpc.FrameCodec;
import org.ladewerk.ocpp.rpc.FrameException;
import org.ladewerk.ocpp.schema.OcppSchemas;
import org.ladewerk.ocpp.schema.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One station's OCPP-J 1.6 connection to the central system, as a charger keeps it: connects and
 * reconnects with exponential backoff, sends its own calls one at a time (OCPP-J allows one
 * unanswered call per direction), keeps transaction-related calls across disconnects and sends them
 * again in order, and hands central-system calls to its {@link Handler} after checking them against
 * the official schemas.
 */
public final class OcppLink implements StationLink {

    /** The station side of the link. Methods are called from network threads. */
    public interface Handler {
        void connected();

        void disconnected();

        /** A central-system call; completes with the response (a record or an ObjectNode) or a {@link CallErrorException}. */
        CompletableFuture<?> call(String action, ObjectNode payload);
    }

    /** TransactionMessageAttempts and TransactionMessageRetryInterval, read when needed. */
    public interface RetryPolicy {
        int attempts();

        Duration interval();
    }

    private static final Logger log = LoggerFactory.getLogger(OcppLink.class);
    private static final ObjectMapper JSON = Json.mapper();
    private static final ObjectNode EMPTY = JSON.createObjectNode();

    private final OcppVersion version;
    private final FrameCodec codec;
    private final String identity;
    private final Supplier<String> baseUrl;
    private final Supplier<String> password;
    private final Network network;
    private final ScheduledExecutorService timers;
    private final OcppSchemas schemas;
    private final Handler handler;
    private final CallObserver observer;
    private final LinkOptions options;
    private final RetryPolicy retry;

    private final CallQueue calls;
    // guarded by this
    private Endpoint current;
    private Session session;
    private boolean started;
    private int failures;
    private long ids;
    private ScheduledFuture<?> watchdog;

    /** Creates links for stations of any OCPP-J version (the emulator's 2.x stations). */
    public interface Factory {
        OcppLink create(String identity, OcppVersion version, Supplier<String> baseUrl, Handler handler);
    }

    public OcppLink(String identity, Supplier<String> baseUrl, Supplier<String> password, Network network,
                    ScheduledExecutorService timers, OcppSchemas schemas, Handler handler, CallObserver observer,
                    LinkOptions options, RetryPolicy retry) {
        this(identity, baseUrl, password, network, timers, schemas, handler, observer, options, retry, OcppVersion.V1_6);
    }

    public OcppLink(String identity, Supplier<String> baseUrl, Supplier<String> password, Network network,
                    ScheduledExecutorService timers, OcppSchemas schemas, Handler handler, CallObserver observer,
                    LinkOptions options, RetryPolicy retry, OcppVersion version) {
        this.version = version;
        this.codec = new FrameCodec(version, JSON);
        this.identity = identity;
        this.baseUrl = baseUrl;
        this.password = password;
        this.network = network;
        this.timers = timers;
        this.schemas = schemas;
        this.handler = handler;
        this.observer = observer;
        this.options = options;
        this.retry = retry;
        this.calls = new CallQueue(identity);
    }

    public String identity() {
        return identity;
    }

    /** The URL the station connects to: the central system URL and the identity as its last path segment. */
    public URI uri() {
        String base = baseUrl.get();
        return URI.create((base.endsWith("/") ? base : base + "/") + URLEncoder.encode(identity, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    public synchronized boolean isOpen() {
        return session != null;
    }

    public boolean isReady() {
        return calls.isReady();
    }

    /** Calls waiting to be sent (and the one being sent), e.g. transaction messages kept while offline. */
    public int backlog() {
        return calls.backlog();
    }

    // --- lifecycle

    public void start() {
        synchronized (this) {
            started = true;
        }
        connect();
    }

    /** Closes the connection and stops reconnecting. Transaction messages stay queued for a later {@link #start}. */
    public void stop() {
        Session s;
        synchronized (this) {
            started = false;
            s = session;
        }
        if (s != null) s.close(StatusCode.NORMAL, "station stopped", Callback.NOOP);
    }

    /** Closes the connection now and connects again after {@code offFor} (a reboot). */
    public void restart(Duration offFor) {
        stop();
        timers.schedule(this::start, offFor.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void outage(Duration offFor) {
        Session s;
        synchronized (this) {
            started = false;
            s = session;
        }
        if (s != null) s.disconnect();
        timers.schedule(this::start, offFor.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Loses the connection without a close handshake, like a broken network; reconnects with backoff. */
    public void drop() {
        Session s;
        synchronized (this) {
            s = session;
        }
        if (s != null) s.disconnect();
    }

    /**
     * Whether the central system accepted the station (BootNotification): until then only boot
     * calls are sent. Set false at a reboot, which fails the calls that needed a live session.
     */
    public void ready(boolean accepted) {
        calls.ready(accepted);
        if (accepted) sendNext();
    }

    /** Fails everything pending, e.g. when the emulator shuts down. */
    public void abandon() {
        calls.abandon();
    }

    // --- station calls

    /**
     * Sends a call; the payload is rendered when it is sent, so a queued MeterValues can carry the
     * transaction id that the StartTransaction before it was answered with.
     */
    public CompletableFuture<ObjectNode> call(String action, Supplier<?> payload, Delivery delivery) {
        return call(action, payload, delivery, null);
    }

    /**
     * As {@link #call(String, Supplier, Delivery)}; {@code first} sees the answer before the next
     * queued call is rendered (e.g. to take the transaction id of a StartTransaction).
     */
    public CompletableFuture<ObjectNode> call(String action, Supplier<?> payload, Delivery delivery,
                                              java.util.function.Consumer<ObjectNode> first) {
        var call = calls.offer(action, payload, delivery, first, isOpen());
        sendNext();
        return call.future;
    }

    public CompletableFuture<ObjectNode> call(String action, Object payload, Delivery delivery) {
        return call(action, () -> payload, delivery);
    }

    private void sendNext() {
        CallQueue.Call next;
        Session s;
        synchronized (this) {
            s = session;
            next = calls.take(s != null);
            if (next == null) return;
            next.id = Long.toString(++ids, 36);
            next.sentNanos = 0; // not sent yet (a retry's last attempt does not count for the watchdog)
        }
        String text;
        try {
            Object payload = next.payload.get();
            text = "[2,\"" + next.id + "\",\"" + next.action + "\"," + JSON.writeValueAsString(payload) + "]";
        } catch (RuntimeException e) {
            log.error("{}: could not render {}", identity, next.action, e);
            calls.finish(next, false, 0, false);
            next.future.completeExceptionally(e);
            sendNext();
            return;
        }
        next.sentNanos = System.nanoTime();
        watch(options.responseTimeout().toNanos());
        observer.sent(next.action);
        s.sendText(text, Callback.from(() -> { }, e -> log.debug("{}: send failed: {}", identity, e.toString())));
    }

    /**
     * Arms the response timeout unless it is armed. One timer per link watches whichever call is in
     * flight when it fires and is armed again for that call's remaining time, instead of a timer
     * scheduled and cancelled per call in the emulator's shared timer queue (at 20,000 calls/s that
     * queue had 14 % of the load generator's CPU samples; round 28).
     */
    private synchronized void watch(long inNanos) {
        if (watchdog == null) watchdog = timers.schedule(this::watchdogFired, inNanos, TimeUnit.NANOSECONDS);
    }

    private void watchdogFired() {
        CallQueue.Call late;
        synchronized (this) {
            watchdog = null;
            late = calls.inFlight();
            if (late == null) return; // the next call sent arms it again
            long timeout = options.responseTimeout().toNanos();
            long sent = late.sentNanos; // 0: taken but not sent yet
            long left = sent == 0 ? timeout : sent + timeout - System.nanoTime();
            if (left > 0) {
                watch(left);
                return;
            }
        }
        timedOut(late);
    }

    private void answered(String uniqueId, ObjectNode result, CallError error) {
        CallQueue.Call done = calls.inFlight(uniqueId);
        // TransactionMessageAttempts: a failed transaction message goes again after the retry interval, still first in line
        CallQueue.Outcome outcome = calls.finish(done, error != null, retry.attempts(), false);
        if (outcome == CallQueue.Outcome.NOT_IN_FLIGHT) {
            log.debug("{}: answer to unknown call {} ignored", identity, uniqueId);
            return;
        }
        observer.answered(done.action, System.nanoTime() - done.sentNanos, error != null);
        if (outcome == CallQueue.Outcome.RETRY) {
            log.warn("{}: {} answered {} ({}), sending it again in {}", identity, done.action, error.errorCode(),
                    error.description(), retry.interval());
            timers.schedule(() -> {
                calls.release();
                sendNext();
            }, retry.interval().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        if (error != null) done.future.completeExceptionally(new CallErrorException(error.errorCode(), error.description()));
        else done.answered(identity, result);
        sendNext();
    }

    private void timedOut(CallQueue.Call out) {
        if (!calls.timedOut(out)) return;
        Session s;
        synchronized (this) {
            s = session;
        }
        observer.timedOut(out.action);
        if (out.delivery == Delivery.QUEUED) {
            // The connection is presumed dead: drop it, and the message goes again after reconnecting.
            log.warn("{}: no answer to {} within {}, reconnecting", identity, out.action, options.responseTimeout());
            if (s != null) s.disconnect();
            return;
        }
        out.future.completeExceptionally(new OfflineException(identity + ": no answer to " + out.action + " within " + options.responseTimeout()));
        sendNext();
    }

    // --- central-system calls

    private void incoming(Call call) {
        String action = call.action();
        Violation refused = schemas.checkIncomingCall(version, false, action, call.payload()).orElse(null);
        if (refused != null) {
            send(codec.callError(call.uniqueId(), refused.code(), refused.description()));
            return;
        }
        CompletableFuture<?> response;
        try {
            response = handler.call(action, call.payload());
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        response.whenComplete((result, error) -> {
            if (error == null) {
                Object payload = result instanceof Reply r ? r.payload() : result;
                JsonNode node = payload instanceof JsonNode n ? n : JSON.valueToTree(payload);
                send(codec.encode(new CallResult(call.uniqueId(), (ObjectNode) node)));
                if (result instanceof Reply r && r.then() != null) r.then().run();
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof CallErrorException e) {
                send(codec.encode(new CallError(call.uniqueId(), e.errorCode(), e.getMessage(), null)));
            } else {
                log.warn("{}: {} failed", identity, action, cause);
                send(codec.callError(call.uniqueId(), ErrorCode.INTERNAL_ERROR, String.valueOf(cause.getMessage())));
            }
        });
    }

    private void send(String text) {
        Session s;
        synchronized (this) {
            s = session;
        }
        if (s != null) s.sendText(text, Callback.NOOP);
    }

    // --- connection

    private void connect() {
        Endpoint ep;
        synchronized (this) {
            if (!started || session != null || current != null) return;
            ep = new Endpoint();
            current = ep;
        }
        try {
            var request = new ClientUpgradeRequest(uri());
            request.setSubProtocols(version.subprotocol());
            String pw = password.get();
            if (pw != null && !pw.isEmpty()) {
                String token = Base64.getEncoder().encodeToString((identity + ":" + pw).getBytes(StandardCharsets.UTF_8));
                request.setHeader("Authorization", "Basic " + token);
            }
            network.client().connect(ep, request).whenComplete((s, e) -> {
                if (e != null) lost(ep, false, e);
            });
        } catch (IOException | RuntimeException e) {
            lost(ep, false, e);
        }
    }

    private void opened(Endpoint ep, Session s) {
        synchronized (this) {
            if (current != ep || !started) {
                s.close(StatusCode.NORMAL, "not needed", Callback.NOOP);
                return;
            }
            session = s;
            failures = 0;
        }
        observer.connected();
        handler.connected();
        sendNext();
    }

    private void lost(Endpoint ep, boolean wasOpen, Throwable cause) {
        boolean reconnect;
        int attempt;
        synchronized (this) {
            if (current != ep) return;
            current = null;
            session = null;
            reconnect = started;
            attempt = ++failures;
        }
        calls.lost();
        if (wasOpen) {
            observer.disconnected();
            handler.disconnected();
        } else {
            observer.connectFailed(cause);
            log.debug("{}: could not connect: {}", identity, cause == null ? "closed" : cause.toString());
        }
        if (reconnect) {
            long min = options.reconnectMin().toMillis();
            long delay = Math.min(options.reconnectMax().toMillis(), min << Math.min(attempt - 1, 16));
            delay = (long) (delay * ThreadLocalRandom.current().nextDouble(0.75, 1.25));
            timers.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * One connection attempt; events of an attempt that is no longer current are ignored. Public
     * only because Jetty calls the listener methods through method handles.
     */
    public final class Endpoint implements Session.Listener.AutoDemanding {

        private Endpoint() {
        }

        private volatile boolean open;

        @Override
        public void onWebSocketOpen(Session s) {
            open = true;
            opened(this, s);
        }

        @Override
        public void onWebSocketText(String text) {
            if (answeredFast(text)) return;
            Frame frame;
            try {
                frame = codec.decode(text);
            } catch (FrameException e) {
                if (e.answerable()) send(codec.callError(e.uniqueId() == null ? "-1" : e.uniqueId(), e.code(), e.getMessage()));
                else log.warn("{}: unreadable frame from the central system: {}", identity, e.getMessage());
                return;
            }
            switch (frame) {
                case Call c when options.echo() -> answered(c.uniqueId(), c.payload(), null);
                case Call c -> incoming(c);
                case CallResult r -> answered(r.uniqueId(), r.payload(), null);
                case CallError e -> answered(e.uniqueId(), null, e);
                default -> log.debug("{}: ignored {}", identity, frame);
            }
        }

        /**
         * Most frames a station receives are answers to its own calls, mostly {@code [3,"id",{}]}: those
         * are taken without building a JSON tree of the frame (and, for the echo peer, of the payload).
         */
        private boolean answeredFast(String text) {
            boolean result = text.startsWith("[3,\"");
            if (!result && !(options.echo() && text.startsWith("[2,\""))) return false;
            int end = text.indexOf('"', 4);
            if (end < 0) return false;
            String id = text.substring(4, end);
            if (!result) {
                answered(id, EMPTY, null);
                return true;
            }
            int start = text.indexOf('{', end);
            if (start < 0 || !text.endsWith("]")) return false;
            String payload = text.substring(start, text.length() - 1).trim();
            try {
                answered(id, payload.equals("{}") ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(payload), null);
            } catch (RuntimeException e) {
                return false;
            }
            return true;
        }

        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            Session s;
            synchronized (OcppLink.this) {
                s = session;
            }
            if (s != null) s.sendPong(payload, Callback.NOOP);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            lost(this, open, null);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            lost(this, open, cause);
        }
    }
}
