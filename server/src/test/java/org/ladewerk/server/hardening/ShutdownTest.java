package org.ladewerk.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.Api;
import org.ladewerk.server.support.RunningServer;

/**
 * Graceful shutdown is not held by live event streams: they are ended first. Shutdown phases may take
 * a minute here, so a stream that were left open would hold its client far beyond the wait below.
 */
class ShutdownTest {

    @Test
    void liveEventStreamsEndWhenTheServerStops() throws Exception {
        var server = RunningServer.start(Map.of("spring.datasource.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "spring.lifecycle.timeout-per-shutdown-phase", "120s"));
        try (var client = HttpClient.newHttpClient()) {
            var request = HttpRequest.newBuilder(server.api().uri("/api/v1/events/stream")).header("Authorization", Api.ADMIN).build();
            HttpResponse<java.util.stream.Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            var ended = CompletableFuture.runAsync(() -> response.body().forEach(line -> { }));
            var stopping = CompletableFuture.runAsync(server::close);
            await().atMost(Duration.ofSeconds(60)).until(ended::isDone);
            stopping.get();
        }
    }
}
