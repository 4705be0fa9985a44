package org.ladewerk.server.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.live.app.LiveValues;
import org.ladewerk.server.support.AppClient;
import org.ladewerk.server.support.ServerTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A live-values client that stops reading is dropped once it is a bounded number of bytes behind,
 * while a client that reads keeps getting every change: the slow one costs only its own connection.
 */
@TestPropertySource(properties = "ladewerk.app.live-queue-bytes=64KB")
class LiveValuesSlowClientTest extends ServerTest {

    @Autowired
    EventBus events;

    @Autowired
    LiveValues live;

    @Test
    void aClientThatDoesNotReadIsDroppedAndTheOthersKeepUp() throws Exception {
        String name = unique("op");
        AppClient.createUser(api(), name, "correct-horse-9", "operator", "[]", "[]"); // sees every charge point
        String token = AppClient.logIn(api(), name, "correct-horse-9").token();
        URI uri = URI.create("ws://127.0.0.1:" + port + "/api/app/v1/live?token=" + token);

        var stalled = new AtomicInteger();
        var closedSlow = new java.util.concurrent.atomic.AtomicBoolean();
        HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket socket) {
                socket.request(1); // one message, then never another: it stops reading
            }

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                stalled.incrementAndGet();
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                closedSlow.set(true);
                return null;
            }
        }).join();
        var reader = new AtomicInteger();
        String station = unique("SLOW");
        var last = new java.util.concurrent.atomic.AtomicReference<String>();
        HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean isLast) {
                if (data.toString().contains(station)) {
                    reader.incrementAndGet();
                    last.set(data.toString());
                }
                socket.request(1);
                return null;
            }
        }).join();
        await().until(() -> live.clients() == 2);
        long droppedBefore = live.dropped();

        for (int i = 0; i < 200_000 && live.dropped() == droppedBefore; i++)
            events.publish(new StationEvent.StatusChanged(station, 1 + i % 4, 1, i % 2 == 0 ? "Charging" : "SuspendedEV", null, Instant.now()));
        await().atMost(Duration.ofSeconds(60)).until(() -> live.dropped() > droppedBefore);
        await().until(() -> live.clients() == 1);
        assertThat(stalled.get()).isLessThan(1000);

        // the reading client still gets what happens next
        events.publish(new StationEvent.StatusChanged(station, 9, 1, "Faulted", "GroundFailure", Instant.now()));
        await().atMost(Duration.ofSeconds(60)).until(() -> last.get() != null && last.get().contains("GroundFailure"));
        assertThat(reader.get()).isPositive();
    }
}
