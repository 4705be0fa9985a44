package org.ladewerk.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.Api;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.TestStation;

/** Live events as Server-Sent Events: filtered by station, frames on request, and gone when the client goes. */
class EventStreamTest extends ServerTest {

    /** One open stream, its lines collected as they arrive. */
    private final class EventStream implements AutoCloseable {
        final HttpClient client = HttpClient.newHttpClient();
        final List<String> lines = new CopyOnWriteArrayList<>();
        final HttpResponse<Stream<String>> response;

        EventStream(String query) throws Exception {
            var request = HttpRequest.newBuilder(api().uri("/api/v1/events/stream" + query)).header("Authorization", Api.ADMIN).build();
            response = client.send(request, HttpResponse.BodyHandlers.ofLines());
            Thread.ofVirtual().start(() -> {
                try {
                    response.body().forEach(lines::add);
                } catch (RuntimeException closed) {
                    // the test closed the stream
                }
            });
        }

        List<String> events() {
            return lines.stream().filter(l -> l.startsWith("event:")).map(l -> l.substring(6)).toList();
        }

        List<String> data() {
            return lines.stream().filter(l -> l.startsWith("data:")).toList();
        }

        @Override
        public void close() {
            client.shutdownNow(); // drops the connection, as a closed browser tab does
        }
    }

    @Test
    void aStationsEventsAndFramesArriveLive() throws Exception {
        String id = unique("SSE");
        String other = unique("SSE-OTHER");
        try (var mine = new EventStream("?stationId=" + id + "&frames=true"); var all = new EventStream("")) {
            assertThat(mine.response.statusCode()).isEqualTo(200);
            assertThat(mine.response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            try (TestStation station = station(id); TestStation second = station(other)) {
                station.call("BootNotification", Map.of("chargePointVendor", "Ladewerk", "chargePointModel", "Live"));
                station.call("StatusNotification", Map.of("connectorId", 1, "errorCode", "NoError", "status", "Preparing"));
                second.call("Heartbeat", Map.of());
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(mine.events()).contains("station.connected", "station.booted", "connector.status", "ocpp.frame");
                    assertThat(all.events()).contains("station.connected", "connector.status").doesNotContain("ocpp.frame");
                });
                assertThat(mine.data()).anySatisfy(d -> assertThat(d).contains("\"type\":\"connector.status\"", "\"status\":\"Preparing\"",
                        "\"stationId\":\"" + id + "\"", "\"evseId\":1"));
                assertThat(mine.data()).anySatisfy(d -> assertThat(d).contains("\"inbound\":true", "BootNotification"));
                assertThat(mine.data()).noneSatisfy(d -> assertThat(d).contains(other));
                await().untilAsserted(() -> assertThat(all.data()).anySatisfy(d -> assertThat(d).contains(other)));
            }
        }
    }

    @Test
    void theStreamNeedsCredentials() {
        assertThat(api().send(HttpRequest.newBuilder(api().uri("/api/v1/events/stream"))).status()).isEqualTo(401);
    }

    @Test
    void closedStreamsEndTheirSubscriptions() throws Exception {
        String id = unique("SSE-GONE");
        var stream = new EventStream("?stationId=" + id);
        await().until(() -> openStreams() >= 1);
        stream.close();
        try (TestStation station = station(id)) {
            // this station's next events, or at the latest the heartbeat, meet the closed connection;
            // the heartbeat also ends streams that earlier tests left behind
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).until(() -> {
                station.call("StatusNotification", Map.of("connectorId", 1, "errorCode", "NoError", "status", "Available"));
                return openStreams() == 0;
            });
        }
    }

    private double openStreams() {
        return api().get("/actuator/metrics/ladewerk.event.streams").json().at("/measurements/0/value").asDouble();
    }
}
