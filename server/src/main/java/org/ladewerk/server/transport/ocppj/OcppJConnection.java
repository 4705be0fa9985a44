package org.ladewerk.server.transport.ocppj;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.ladewerk.ocpp.Actions;
import org.ladewerk.ocpp.ErrorCode;
import org.ladewerk.ocpp.OcppVersion;
import org.ladewerk.ocpp.rpc.Call;
import org.ladewerk.ocpp.rpc.CallError;
import org.ladewerk.ocpp.rpc.CallResult;
import org.ladewerk.ocpp.rpc.CallResultError;
import org.ladewerk.ocpp.rpc.FrameCodec;
import org.ladewerk.ocpp.rpc.FrameException;
import org.ladewerk.ocpp.rpc.Send;
import org.ladewerk.ocpp.schema.Violation;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.transport.CallFailure;
import org.ladewerk.server.transport.CallOutcome;
import org.ladewerk.server.transport.RateLimitedLog;
import org.ladewerk.server.transport.StationMessageHandler;
import org.ladewerk.server.transport.StationSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One station's OCPP-J WebSocket. Frames are read with explicit demand: the next frame is read only
 * after the current one has been answered, which serialises a station's calls and gives
 * backpressure for free. Central-system calls are queued and sent one at a time, and never while
 * the station's own call is being answered: what that call set off (a charging profile for the
 * transaction just started, settings after a boot) reaches the station after the answer it builds
 * on, e.g. the transaction id.
 */
public final class OcppJConnection implements FrameHandler, StationSession {

    private static final Logger log = LoggerFactory.getLogger(OcppJConnection.class);
    /** What a station can repeat at will is logged once a minute per station and cause. */
    private static final RateLimitedLog warnings = new RateLimitedLog(log);
    /** Frame traces, off by default: enable with logging.level.org.ladewerk.server.transport.ocppj.frames=DEBUG. */
    private static final Logger frames = LoggerFactory.getLogger("org.ladewerk.server.transport.ocppj.frames");
    private static final Pattern CALL_ID = Pattern.compile("^\\s*\\[\\s*2\\s*,\\s*\"([^\"\\\\]{1,36})\"");

    private record OutgoingCall(String uniqueId, String action, String text, CompletableFuture<CallOutcome> future) {}

    private final OcppJEndpoint endpoint;
    private final String stationId;
    private final String account;
    private final OcppVersion version;
    private final FrameCodec codec;
    private final StationMessageHandler handler;
    private final Instant connectedAt = Instant.now();
    private final CallGate.Pass pass = new CallGate.Pass(this::readOn);
    private volatile long lastInboundMillis = System.currentTimeMillis();
    private volatile long lastPingMillis = System.currentTimeMillis();
    private volatile CoreSession session;
    private TextMessage text;
    /** Inside a fragmented binary message: its continuation frames are dropped too. */
    private boolean inBinary;

    // guarded by this
    private final ArrayDeque<OutgoingCall> outbox = new ArrayDeque<>();
    private OutgoingCall inFlight;
    private ScheduledFuture<?> inFlightTimeout;
    private boolean closed;
    private boolean handlingCall;
    private long handlingSince;
    private ScheduledFuture<?> holdRelease;
    private Integer closeWhenIdle;

    OcppJConnection(OcppJEndpoint endpoint, String stationId, String account, OcppVersion version, StationMessageHandler handler) {
        this.endpoint = endpoint;
        this.stationId = stationId;
        this.account = account;
        this.version = version;
        this.codec = new FrameCodec(version, endpoint.mapper());
        this.handler = handler;
    }

    // --- StationSession

    @Override public String stationId() { return stationId; }
    @Override public OcppVersion version() { return version; }
    @Override public String account() { return account; }
    @Override public Instant connectedAt() { return connectedAt; }
    @Override public Instant lastSeen() { return Instant.ofEpochMilli(lastInboundMillis); }

    @Override
    public CompletableFuture<CallOutcome> call(String action, ObjectNode payload) {
        String id = UUID.randomUUID().toString();
        var call = new OutgoingCall(id, action, codec.encode(new Call(id, action, payload)), new CompletableFuture<>());
        synchronized (this) {
            if (closed) return CompletableFuture.completedFuture(new CallOutcome.Disconnected());
            outbox.add(call);
        }
        sendNextCall();
        return call.future();
    }

    @Override
    public void close(int code, String reason) {
        CoreSession s = session;
        if (s != null && s.isOutputOpen()) s.close(code, reason, Callback.NOOP);
    }

    /**
     * Closes once the station's current call (if any) has been answered: used at shutdown so that
     * what a station reported is committed and acknowledged before its socket goes.
     */
    void closeWhenIdle(int code) {
        boolean now;
        synchronized (this) {
            now = !handlingCall;
            if (!now) closeWhenIdle = code;
        }
        if (now) close(code, "server shutting down");
    }

    // --- WebSocket events

    @Override
    public void onOpen(CoreSession session, Callback callback) {
        this.session = session;
        this.text = new TextMessage(session.getMaxTextMessageSize());
        callback.succeeded();
        endpoint.opened(this);
        // The first frame is read once the connection is recorded, so a BootNotification never
        // overtakes the station's registration.
        handler.connected(this).whenComplete((ok, error) -> {
            if (error != null) log.warn("could not record connection of {}: {}", stationId, error.toString());
            session.demand();
        });
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        lastInboundMillis = System.currentTimeMillis();
        switch (frame.getOpCode()) {
            case OpCode.TEXT -> text.accept(frame, callback, this::onText, session::demand);
            case OpCode.BINARY -> {
                inBinary = !frame.isFin();
                onBinary(frame, callback);
            }
            case OpCode.CONTINUATION -> {
                if (!inBinary) {
                    text.accept(frame, callback, this::onText, session::demand);
                } else {
                    inBinary = !frame.isFin();
                    onBinary(frame, callback);
                }
            }
            case OpCode.PING -> {
                var pong = new Frame(OpCode.PONG, frame.hasPayload() ? BufferUtil.copy(frame.getPayload()) : null);
                callback.succeeded();
                session.sendFrame(pong, Callback.NOOP, false);
                session.demand();
            }
            case OpCode.PONG -> {
                callback.succeeded();
                session.demand();
            }
            default -> callback.succeeded(); // CLOSE: answered by Jetty, then onClosed
        }
    }

    /** A binary message is answered once, at its last frame, and never held in memory. */
    private void onBinary(Frame frame, Callback callback) {
        callback.succeeded();
        if (frame.isFin()) send(codec.callError("-1", ErrorCode.FORMAT_VIOLATION, "OCPP-J messages are text frames, binary frame ignored"));
        session.demand();
    }

    private void onText(String text) {
        if (frames.isDebugEnabled()) frames.debug("{} <- {}", stationId, text);
        if (endpoint.events().wantsFrames()) endpoint.events().publish(new StationEvent.Frame(stationId, true, text, Instant.now()));
        if (text.length() > endpoint.maxFrameSize()) {
            rejectOversized(text);
            session.demand();
            return;
        }
        org.ladewerk.ocpp.rpc.Frame frame;
        try {
            frame = codec.decode(text);
        } catch (FrameException e) {
            if (e.answerable()) send(codec.callError(e.uniqueId() != null ? e.uniqueId() : callId(text), e.code(), e.getMessage()));
            else warnings.warn(stationId + "|malformed", "{} sent a malformed response: {}", stationId, e.getMessage());
            session.demand();
            return;
        }
        switch (frame) {
            case Call call -> onCall(call);
            case CallResult result -> answered(result.uniqueId(), result.payload());
            case CallError error -> answered(error.uniqueId(),
                    new CallOutcome.Error(error.errorCode(), error.description(), error.details()));
            // 2.1: the station could not process our answer to its call; nothing to retry on our side
            case CallResultError error -> warnings.warn(stationId + "|rejected", "{} rejected our response to its call {}: {} {}", stationId,
                    error.uniqueId(), error.errorCode(), error.description());
            case Send send -> onSend(send);
        }
        if (!(frame instanceof Call)) session.demand();
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        log.debug("websocket error on {}: {}", stationId, cause.toString());
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus status, Callback callback) {
        closed(status.getCode(), status.getReason());
        callback.succeeded();
    }

    private void closed(int statusCode, String reason) {
        List<OutgoingCall> abandoned = new ArrayList<>();
        synchronized (this) {
            if (closed) return;
            closed = true;
            endHold();
            if (inFlight != null) {
                abandoned.add(inFlight);
                inFlightTimeout.cancel(false);
                inFlight = null;
            }
            abandoned.addAll(outbox);
            outbox.clear();
        }
        abandoned.forEach(c -> c.future().complete(new CallOutcome.Disconnected()));
        endpoint.gate().left(pass);
        log.debug("{} closed: {} {}", stationId, statusCode, reason);
        endpoint.closed(this);
    }

    // --- station-initiated calls

    private void onCall(Call call) {
        String action = call.action();
        Violation refused = endpoint.schemas().checkIncomingCall(version, true, action, call.payload()).orElse(null);
        if (refused != null) {
            send(codec.callError(call.uniqueId(), refused.code(), refused.description()));
            session.demand();
            return;
        }
        synchronized (this) {
            handlingCall = true;
            handlingSince = System.nanoTime();
        }
        endpoint.gate().calling(pass);
        long received = System.nanoTime();
        // the answer needs only these two: capturing the call would keep its parsed payload alive until
        // the group commit answers, and at full rate that is most of the heap each young collection copies
        String uniqueId = call.uniqueId();
        CompletableFuture<ObjectNode> handled;
        try {
            handled = endpoint.interceptor().intercept(this, uniqueId, action, call.payload(),
                    () -> handler.handle(this, action, call.payload()));
        } catch (RuntimeException e) {
            handled = CompletableFuture.failedFuture(e);
        }
        handled.whenComplete((response, error) -> {
            send(error == null ? result(uniqueId, action, response) : failure(uniqueId, action, error));
            endpoint.metrics().inbound(action, System.nanoTime() - received);
            Integer closeCode;
            synchronized (this) {
                handlingCall = false;
                endHold();
                closeCode = closeWhenIdle;
            }
            if (closeCode != null) {
                endpoint.gate().answered(pass, false);
                close(closeCode, "server shutting down");
            } else {
                sendNextCall(); // before reading on, or a chatty station's next call would hold it again
                endpoint.gate().answered(pass, true);
            }
        });
    }

    /** Let in by the gate: reads the station's next frame, unless the connection is gone meanwhile. */
    private void readOn() {
        CoreSession s = session;
        if (s.isInputOpen()) s.demand();
    }

    private void onSend(Send send) {
        String action = send.action();
        Violation violation = !Actions.stationInitiated(version).contains(action)
                ? new Violation(ErrorCode.NOT_IMPLEMENTED, "unknown SEND action " + action)
                : endpoint.schemas().validateRequest(version, action, send.payload()).orElse(null);
        if (violation != null) warnings.warn(stationId + "|send", "{} sent an invalid SEND {}: {}", stationId, action, violation.description());
        else handler.handleSend(this, action, send.payload());
    }

    private String result(String uniqueId, String action, ObjectNode response) {
        Violation invalid = endpoint.schemas().validateResponse(version, action, response).orElse(null);
        if (invalid != null) {
            log.error("{} response to {} from {} is not schema-valid: {}", action, stationId, response, invalid.description());
            return codec.callError(uniqueId, ErrorCode.INTERNAL_ERROR, "the central system produced an invalid response");
        }
        return codec.encode(new CallResult(uniqueId, response));
    }

    private String failure(String uniqueId, String action, Throwable error) {
        CallFailure f = CallFailure.of(error, stationId, uniqueId, action);
        return codec.callError(uniqueId, f.code(), f.description());
    }

    private void rejectOversized(String text) {
        String description = "frame of " + text.length() + " characters exceeds the limit of " + endpoint.maxFrameSize();
        String id = callId(text);
        if (!id.equals("-1")) send(codec.callError(id, ErrorCode.FORMAT_VIOLATION, description));
        else warnings.warn(stationId + "|oversized", "{} sent an oversized frame that is not a CALL: {}", stationId, description);
    }

    /** The uniqueId of a CALL that could not be parsed whole (broken or oversized), else "-1" as OCPP-J says. */
    private static String callId(String text) {
        Matcher m = CALL_ID.matcher(text.length() > 128 ? text.substring(0, 128) : text);
        return m.find() ? m.group(1) : "-1";
    }

    // --- central-system-initiated calls

    private void sendNextCall() {
        OutgoingCall next;
        synchronized (this) {
            if (closed || inFlight != null || outbox.isEmpty() || held()) return;
            next = inFlight = outbox.poll();
            Duration timeout = endpoint.responseTimeout();
            inFlightTimeout = endpoint.scheduler().schedule(
                    () -> answered(next.uniqueId(), new CallOutcome.Timeout()), timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        send(next.text());
    }

    /**
     * True while the station's call is being answered. Bounded by the response timeout, so that a
     * handler waiting for one of our calls cannot deadlock; the answer's arrival or the bound's end
     * sends the next call.
     */
    private boolean held() {
        if (!handlingCall) return false;
        long left = endpoint.responseTimeout().toNanos() - (System.nanoTime() - handlingSince);
        if (left <= 0) return false;
        if (holdRelease == null) holdRelease = endpoint.scheduler().schedule(() -> {
            synchronized (this) { holdRelease = null; }
            sendNextCall();
        }, left, TimeUnit.NANOSECONDS);
        return true;
    }

    /** Once the call is answered (or the socket gone) the hold's timer has nothing left to release. */
    private void endHold() {
        if (holdRelease == null) return;
        holdRelease.cancel(false);
        holdRelease = null;
    }

    /** A CALLRESULT: checked against the action's response schema before anyone sees it. */
    private void answered(String uniqueId, ObjectNode payload) {
        String action;
        synchronized (this) {
            action = inFlight != null && inFlight.uniqueId().equals(uniqueId) ? inFlight.action() : null;
        }
        Violation invalid = action == null ? null : endpoint.schemas().validateResponse(version, action, payload).orElse(null);
        if (invalid == null) {
            answered(uniqueId, new CallOutcome.Result(payload));
            return;
        }
        String description = "invalid " + action + " response: " + invalid.description();
        if (version == OcppVersion.V2_1) send(codec.encode(new CallResultError(uniqueId, invalid.code().wireName(version),
                truncate(description), endpoint.mapper().createObjectNode())));
        answered(uniqueId, new CallOutcome.Error(invalid.code().wireName(version), description, null));
    }

    private static String truncate(String s) {
        return s.length() <= 255 ? s : s.substring(0, 255);
    }

    private void answered(String uniqueId, CallOutcome outcome) {
        OutgoingCall done;
        synchronized (this) {
            if (inFlight == null || !inFlight.uniqueId().equals(uniqueId)) {
                if (!(outcome instanceof CallOutcome.Timeout))
                    warnings.warn(stationId + "|unsolicited", "{} answered unknown call id {} (late or unsolicited); ignored", stationId, uniqueId);
                return;
            }
            done = inFlight;
            inFlight = null;
            inFlightTimeout.cancel(false);
        }
        done.future().complete(outcome);
        sendNextCall();
    }

    // --- keepalive and sending

    /** Called periodically: pings a quiet station and drops one that stopped answering. */
    void keepAlive(long nowMillis, long pingIntervalMillis, long idleTimeoutMillis) {
        CoreSession s = session;
        if (s == null || !s.isOutputOpen()) return;
        if (nowMillis - lastInboundMillis > idleTimeoutMillis) {
            log.info("{} silent for {} s, disconnecting", stationId, (nowMillis - lastInboundMillis) / 1000);
            s.abort();
            closed(CloseStatus.SHUTDOWN, "idle timeout");
        } else if (nowMillis - lastPingMillis >= pingIntervalMillis && nowMillis - lastInboundMillis >= pingIntervalMillis) {
            lastPingMillis = nowMillis;
            s.sendFrame(new Frame(OpCode.PING), Callback.NOOP, false);
        }
    }

    private void send(String text) {
        CoreSession s = session;
        if (s == null || !s.isOutputOpen()) return;
        if (frames.isDebugEnabled()) frames.debug("{} -> {}", stationId, text);
        if (endpoint.events().wantsFrames()) endpoint.events().publish(new StationEvent.Frame(stationId, false, text, Instant.now()));
        s.sendFrame(new Frame(OpCode.TEXT, text),
                Callback.from(() -> {}, error -> log.debug("send to {} failed: {}", stationId, error.toString())), false);
    }
}
