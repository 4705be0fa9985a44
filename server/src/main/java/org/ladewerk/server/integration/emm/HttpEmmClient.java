package org.ladewerk.server.integration.emm;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.ladewerk.server.LadewerkProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@link EmmClient} over HTTP with Jetty's client: JSON bodies, {@code X-API-Key} on every call, a timeout
 * per call. Jetty's client rather than the JDK's because a day's backlog is posted at hundreds per second:
 * with the JDK's, a 700/s drain cost the server about 1.5 times the CPU (bench/results/2026-11-30-round12.md).
 * Answers are kept up to {@link #MAX_ANSWER} bytes; a longer one fails the call.
 */
@Component
class HttpEmmClient implements EmmClient, DisposableBean {

    static final int MAX_ANSWER = 4 * 1024 * 1024;
    private static final String JSON = "application/json";

    private final HttpClient http = new HttpClient();
    private final String base;
    private final String apiKey;
    private final long timeoutMs;

    @Autowired
    HttpEmmClient(LadewerkProperties properties) throws Exception {
        this(properties.emm());
    }

    HttpEmmClient(LadewerkProperties.Emm config) throws Exception {
        this.base = config.url().endsWith("/") ? config.url().substring(0, config.url().length() - 1) : config.url();
        this.apiKey = config.apiKey();
        this.timeoutMs = config.timeout().toMillis();
        var threads = new QueuedThreadPool(8, 1);
        threads.setName("emm-http");
        threads.setDaemon(true);
        http.setExecutor(threads);
        http.setConnectTimeout(5000);
        http.setMaxConnectionsPerDestination(Math.max(1, config.parallelism()) + 4); // the posts, plus status and settings calls
        http.setFollowRedirects(false);
        http.start();
    }

    @Override
    public CompletableFuture<Answer> postSession(String json, String idempotencyKey) {
        return send(request("/charging-sessions", HttpMethod.POST).headers(h -> h.put("Idempotency-Key", idempotencyKey))
                .body(new StringRequestContent(JSON, json, StandardCharsets.UTF_8)));
    }

    @Override
    public CompletableFuture<Answer> postStatus(byte[] json) {
        return send(request("/status", HttpMethod.POST).body(new BytesRequestContent(JSON, json)));
    }

    @Override
    public CompletableFuture<Answer> getSettings(String stationId) {
        return send(request(settingsPath(stationId), HttpMethod.GET));
    }

    @Override
    public CompletableFuture<Answer> putSettings(String stationId, String json) {
        return send(request(settingsPath(stationId), HttpMethod.PUT).body(new StringRequestContent(JSON, json, StandardCharsets.UTF_8)));
    }

    private static String settingsPath(String stationId) {
        return "/stations/" + URLEncoder.encode(stationId, StandardCharsets.UTF_8).replace("+", "%20") + "/settings";
    }

    private Request request(String path, HttpMethod method) {
        return http.newRequest(base + path).method(method).timeout(timeoutMs, TimeUnit.MILLISECONDS).headers(h -> {
            h.put("Accept", JSON);
            if (!apiKey.isEmpty()) h.put("X-API-Key", apiKey);
        });
    }

    private static CompletableFuture<Answer> send(Request request) {
        var answer = new CompletableFuture<Answer>();
        request.send(new BufferingResponseListener(MAX_ANSWER) {
            @Override
            public void onComplete(Result result) {
                answer.complete(result.isFailed() ? new Answer(0, null, result.getFailure().toString())
                        : new Answer(result.getResponse().getStatus(), getContentAsString(StandardCharsets.UTF_8), null));
            }
        });
        return answer;
    }

    @Override
    public void destroy() throws Exception {
        http.stop();
    }
}
