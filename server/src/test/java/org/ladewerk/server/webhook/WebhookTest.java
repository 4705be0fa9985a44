package org.ladewerk.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.support.RunningServer;
import tools.jackson.databind.JsonNode;

/** Webhooks against a real HTTP receiver. */
class WebhookTest {

    record Received(String path, String body, Map<String, String> headers) {
        JsonNode json() {
            return Json.mapper().readTree(body);
        }
    }

    @TempDir
    Path dataDir;

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @AfterEach
    void stopReceiver() {
        if (receiver != null) receiver.stop(0);
    }

    /** A receiver on {@code port} that records every post and answers with {@code answer}. */
    private void startReceiver(int port, Function<Received, String> answer) throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        receiver.createContext("/", exchange -> {
            var headers = new HashMap<String, String>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.getFirst()));
            var r = new Received(exchange.getRequestURI().getPath(), new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), headers);
            received.add(r);
            byte[] out = answer.apply(r).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        receiver.start();
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private RunningServer server(Map<String, Object> webhook) {
        var props = new HashMap<String, Object>(webhook);
        props.put("ladewerk.data-dir", dataDir.toString());
        return RunningServer.start(props);
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void notifyModeDeliversEverythingAfterReceiverOutageAndServerRestart() throws Exception {
        int port = freePort();
        var config = Map.<String, Object>of("ladewerk.webhook.url", "http://127.0.0.1:" + port + "/ocpp",
                "ladewerk.webhook.events-url", "http://127.0.0.1:" + port + "/events", "ladewerk.webhook.secret", "s3cret",
                "ladewerk.webhook.bearer-token", "tok-123", "ladewerk.webhook.max-backoff", "1s");
        try (var server = server(config); var station = server.station("CP-HOOK")) {
            // the receiver is down: stations are answered all the same
            assertThat(station.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M")).get("status").asString())
                    .isEqualTo("Accepted");
            station.call("StatusNotification", Map.of("connectorId", 1, "errorCode", "NoError", "status", "Available"));
            station.call("Heartbeat", Map.of());
        }
        startReceiver(port, r -> "{}");
        try (var server = server(config)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> received.stream().filter(r -> r.path().equals("/ocpp")).count() == 3
                    && received.stream().anyMatch(r -> r.body().contains("station.disconnected")));
        }
        var messages = received.stream().filter(r -> r.path().equals("/ocpp")).map(Received::json).toList();
        assertThat(messages).extracting(m -> m.get("action").asString()).containsExactly("BootNotification", "StatusNotification", "Heartbeat");
        assertThat(messages.getFirst().get("identity").asString()).isEqualTo("CP-HOOK");
        assertThat(messages.getFirst().at("/payload/chargePointVendor").asString()).isEqualTo("V");
        assertThat(messages.getFirst().get("uniqueId").asString()).isNotBlank();
        assertThat(messages.getFirst().has("account")).isTrue();
        var events = received.stream().filter(r -> r.path().equals("/events")).toList();
        assertThat(events).extracting(e -> e.json().get("type").asString())
                .containsExactly("station.connected", "connector.status", "station.disconnected");
        for (Received e : events) {
            assertThat(e.headers().get("x-ladewerk-signature")).isEqualTo("sha256=" + hmac("s3cret", e.body()));
            assertThat(e.headers().get("authorization")).isEqualTo("Bearer tok-123");
        }
        assertThat(received.stream().map(r -> r.headers().get("x-ladewerk-delivery")).distinct().count())
                .as("each post delivered once").isEqualTo(received.size());
    }

    @Test
    void respondModeAnswersWithTheWebhookPayloadAndFallsBackWhenItCannot() throws Exception {
        int port = freePort();
        startReceiver(port, r -> {
            JsonNode m = r.json();
            String tag = m.at("/payload/idTag").asString("");
            return switch (tag) {
                case "WEBHOOK-BLOCKS" -> "{\"payload\":{\"idTagInfo\":{\"status\":\"Blocked\"}}}";
                case "WEBHOOK-INVALID" -> "{\"payload\":{\"idTagInfo\":{\"status\":\"Maybe\"}}}";
                case "WEBHOOK-SLOW" -> {
                    try {
                        Thread.sleep(2000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    yield "{\"payload\":{\"idTagInfo\":{\"status\":\"Blocked\"}}}";
                }
                case "WEBHOOK-START" -> "{\"payload\":{\"idTagInfo\":{\"status\":\"Accepted\"},\"transactionId\":999999}}";
                default -> "not json";
            };
        });
        var config = Map.<String, Object>of("ladewerk.webhook.url", "http://127.0.0.1:" + port + "/ocpp",
                "ladewerk.webhook.mode", "respond", "ladewerk.webhook.timeout", "500ms",
                "ladewerk.webhook.username", "hook", "ladewerk.webhook.password", "pw");
        try (var server = server(config); var station = server.station("CP-RESPOND")) {
            assertThat(station.call("Authorize", Map.of("idTag", "WEBHOOK-BLOCKS")).at("/idTagInfo/status").asString()).isEqualTo("Blocked");
            // built-in answer (unknown tags are Invalid) when the webhook's payload is invalid, too slow, or not JSON
            assertThat(station.call("Authorize", Map.of("idTag", "WEBHOOK-INVALID")).at("/idTagInfo/status").asString()).isEqualTo("Invalid");
            assertThat(station.call("Authorize", Map.of("idTag", "WEBHOOK-SLOW")).at("/idTagInfo/status").asString()).isEqualTo("Invalid");
            assertThat(station.call("Heartbeat", Map.of()).has("currentTime")).isTrue();
            var started = station.call("StartTransaction", Map.of("connectorId", 1, "idTag", "WEBHOOK-START", "meterStart", 0,
                    "timestamp", java.time.Instant.now().toString()));
            assertThat(started.get("transactionId").asInt()).as("the central system keeps its transaction identity").isNotEqualTo(999999);
            assertThat(server.api().get("/api/v1/transactions/" + started.get("transactionId").asInt()).status()).isEqualTo(200);
            assertThat(received.getFirst().headers().get("authorization")).isEqualTo("Basic aG9vazpwdw==");
            double fallbacks = server.api().get("/actuator/metrics/ladewerk.webhook.respond.fallbacks").json()
                    .at("/measurements/0/value").asDouble();
            assertThat(fallbacks).isEqualTo(3.0);
        }
    }
}
