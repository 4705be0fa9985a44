package org.ladewerk.server.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.OcppVersion;
import org.ladewerk.ocpp.schema.OcppSchemas;
import org.ladewerk.ocpp.schema.Violation;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scriptable OCPP-J station for tests, on the JDK's own WebSocket client: sends calls or raw text,
 * waits for the central system's frames, and answers central-system calls with registered handlers.
 */
public final class TestStation implements AutoCloseable {

    private static final ObjectMapper JSON = Json.mapper();
    private static final OcppSchemas SCHEMAS = OcppSchemas.load();

    private final BlockingQueue<ArrayNode> responses = new LinkedBlockingQueue<>();
    private final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    private final Map<String, Function<ObjectNode, Object>> handlers = new ConcurrentHashMap<>();
    public final CopyOnWriteArrayList<ArrayNode> receivedCalls = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final Map<String, String> pendingActions = new ConcurrentHashMap<>();
    /** Every frame from the central system that does not match the official schema of its action. */
    public final CopyOnWriteArrayList<String> schemaViolations = new CopyOnWriteArrayList<>();
    private OcppVersion version;
    private WebSocket socket;

    public static TestStation connect(int port, String stationId) {
        return connect(URI.create("ws://127.0.0.1:" + port + "/ocpp/" + stationId), "ocpp1.6", null);
    }

    public static TestStation connect(URI uri, String subprotocol, String authorization) {
        var station = new TestStation();
        station.version = OcppVersion.fromSubprotocol(subprotocol).orElse(null);
        var builder = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols(subprotocol).connectTimeout(Duration.ofSeconds(5));
        if (authorization != null) builder.header("Authorization", authorization);
        station.socket = builder.buildAsync(uri, station.new Listener()).join();
        return station;
    }

    private void check(String what, java.util.Optional<Violation> violation) {
        if (version != null) violation.ifPresent(v -> schemaViolations.add(what + ": " + v.description()));
    }

    /** Answers the central system's calls of this action with the handler's payload. */
    public TestStation answer(String action, Function<ObjectNode, Object> handler) {
        handlers.put(action, handler);
        return this;
    }

    /** Sends a CALL and returns the CALLRESULT payload; fails on CALLERROR. */
    public ObjectNode call(String action, Object payload) {
        ArrayNode frame = callFrame(action, payload);
        if (frame.get(0).asInt() != 3) throw new AssertionError(action + " answered with " + frame);
        return (ObjectNode) frame.get(2);
    }

    /** Sends a CALL and returns whatever frame answers it. */
    public ArrayNode callFrame(String action, Object payload) {
        String id = "t" + ids.incrementAndGet();
        pendingActions.put(id, action);
        ArrayNode frame = JSON.createArrayNode().add(2).add(id).add(action);
        frame.add(JSON.valueToTree(payload));
        return send(frame.toString());
    }

    /** Sends raw text and returns the next frame the central system sends back (not its calls). */
    public ArrayNode send(String text) {
        sendOnly(text);
        return next(Duration.ofSeconds(10));
    }

    public void sendOnly(String text) {
        socket.sendText(text, true).join();
    }

    /** Sends one frame of a text message; {@code last} ends the message (fragments until then). */
    public void sendPart(String text, boolean last) {
        socket.sendText(text, last).join();
    }

    public void sendBinary(byte[] data, boolean last) {
        socket.sendBinary(ByteBuffer.wrap(data), last).join();
    }

    /** Sends a ping and returns the pong's payload. */
    public ByteBuffer ping(byte[] payload) throws InterruptedException {
        socket.sendPing(ByteBuffer.wrap(payload)).join();
        ByteBuffer pong = pongs.poll(10, TimeUnit.SECONDS);
        if (pong == null) throw new AssertionError("no pong within 10 s");
        return pong;
    }

    public ArrayNode next(Duration timeout) {
        try {
            ArrayNode frame = responses.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) throw new AssertionError("no answer within " + timeout);
            return frame;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Null if nothing arrives in time. */
    public ArrayNode poll(Duration timeout) throws InterruptedException {
        return responses.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public CompletableFuture<Integer> closeCode() {
        return closed;
    }

    public boolean isOpen() {
        return !closed.isDone();
    }

    /** Drops the TCP connection without a close handshake (a dead station). */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (isOpen()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            try {
                closed.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                socket.abort();
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                ArrayNode frame = (ArrayNode) JSON.readTree(partial.toString());
                partial.setLength(0);
                if (frame.get(0).asInt() == 2) onCall(ws, frame);
                else {
                    String action = pendingActions.remove(frame.get(1).asString());
                    if (action != null && frame.get(0).asInt() == 3) check("response to " + action,
                            SCHEMAS.validateResponse(version, action, frame.get(2)));
                    responses.add(frame);
                }
            }
            ws.request(1);
            return null;
        }

        private void onCall(WebSocket ws, ArrayNode frame) {
            receivedCalls.add(frame);
            check(frame.get(2).asString(), SCHEMAS.validateRequest(version, frame.get(2).asString(), frame.get(3)));
            var handler = handlers.get(frame.get(2).asString());
            if (handler == null) return; // left unanswered on purpose: lets tests provoke timeouts
            Object answer = handler.apply((ObjectNode) frame.get(3));
            String reply = answer instanceof ArrayNode raw ? raw.toString()
                    : JSON.createArrayNode().add(3).add(frame.get(1).asString()).add(JSON.valueToTree(answer)).toString();
            ws.sendText(reply, true);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            pongs.add(ByteBuffer.allocate(message.remaining()).put(message).flip());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            ws.request(1);
            return null;
        }
    }
}
