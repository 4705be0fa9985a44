package org.ladewerk.server.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.ladewerk.ocpp.Json;
import tools.jackson.databind.JsonNode;

/**
 * A real HTTP energy-management application for tests: records every call and answers as told per
 * path (default 200 "{}"), and keeps station settings for GET/PUT /stations/{id}/settings.
 */
public final class EmmStandIn implements AutoCloseable {

    public record Call(String method, String path, String body, Map<String, String> headers) {
        public JsonNode json() {
            return Json.mapper().readTree(body);
        }
    }

    public record Reply(int status, String body) {}

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    /** Settings documents served at GET /stations/{id}/settings, by station id. */
    public final Map<String, String> settings = new ConcurrentHashMap<>();
    private volatile Function<Call, Reply> answer = c -> null;
    private final HttpServer server;

    private EmmStandIn(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            var headers = new HashMap<String, String>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.getFirst()));
            var call = new Call(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), headers);
            calls.add(call);
            Reply r = answer.apply(call);
            if (r == null) r = standard(call);
            byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public static EmmStandIn start(int port) throws IOException {
        return new EmmStandIn(port);
    }

    public static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers calls as {@code answer} says; null from it means the standard answer. */
    public void answer(Function<Call, Reply> answer) {
        this.answer = answer;
    }

    private Reply standard(Call call) {
        if (call.path().startsWith("/stations/") && call.path().endsWith("/settings")) {
            String station = call.path().substring("/stations/".length(), call.path().length() - "/settings".length());
            if (call.method().equals("GET")) {
                String doc = settings.get(station);
                return doc == null ? new Reply(404, "{\"error\":\"unknown station\"}") : new Reply(200, doc);
            }
        }
        return new Reply(200, "{}");
    }

    public List<Call> calls(String method, String path) {
        return calls.stream().filter(c -> c.method().equals(method) && c.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
