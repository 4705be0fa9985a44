package org.ladewerk.server.integration.emm;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.ladewerk.server.LadewerkProperties;
import org.springframework.stereotype.Component;

/** {@link EmmClient} over HTTP with the JDK client: JSON bodies, {@code X-API-Key} on every call, a timeout per call. */
@Component
class HttpEmmClient implements EmmClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String apiKey;
    private final Duration timeout;

    HttpEmmClient(LadewerkProperties properties) {
        var config = properties.emm();
        this.base = config.url().endsWith("/") ? config.url().substring(0, config.url().length() - 1) : config.url();
        this.apiKey = config.apiKey();
        this.timeout = config.timeout();
    }

    @Override
    public CompletableFuture<Answer> postSession(String json, String idempotencyKey) {
        return send(request("/charging-sessions").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    @Override
    public CompletableFuture<Answer> postStatus(byte[] json) {
        return send(request("/status").POST(HttpRequest.BodyPublishers.ofByteArray(json)));
    }

    @Override
    public CompletableFuture<Answer> getSettings(String stationId) {
        return send(request(settingsPath(stationId)).GET());
    }

    @Override
    public CompletableFuture<Answer> putSettings(String stationId, String json) {
        return send(request(settingsPath(stationId)).PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    private static String settingsPath(String stationId) {
        return "/stations/" + URLEncoder.encode(stationId, StandardCharsets.UTF_8).replace("+", "%20") + "/settings";
    }

    private HttpRequest.Builder request(String path) {
        var r = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("Content-Type", "application/json")
                .header("Accept", "application/json");
        if (!apiKey.isEmpty()) r.header("X-API-Key", apiKey);
        return r;
    }

    private CompletableFuture<Answer> send(HttpRequest.Builder request) {
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .handle((r, e) -> e == null ? new Answer(r.statusCode(), r.body(), null)
                        : new Answer(0, null, (e.getCause() != null ? e.getCause() : e).toString()));
    }
}
