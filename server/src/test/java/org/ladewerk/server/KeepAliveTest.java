package org.ladewerk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.RawWebSocket;
import org.ladewerk.server.support.ServerTest;
import org.springframework.test.context.TestPropertySource;

/** Dead sockets must not look online: pings, and a silent station is dropped after the idle timeout. */
@TestPropertySource(properties = {"ladewerk.ocpp.ping-interval=300ms", "ladewerk.ocpp.idle-timeout=1500ms"})
class KeepAliveTest extends ServerTest {

    @Test
    void silentPeerIsDisconnectedAndShownOffline() throws Exception {
        String id = unique("dead");
        try (var raw = RawWebSocket.connect(port, id)) {
            assertThat(raw.handshake()).startsWith("HTTP/1.1 101");
            await().atMost(Duration.ofSeconds(5)).until(() -> api().get("/api/v1/stations/" + id).json().get("connected").asBoolean());
            // never answer the pings: the server must give up on us
            await().atMost(Duration.ofSeconds(10)).until(() -> !api().get("/api/v1/stations/" + id).json().get("connected").asBoolean());
            assertThat(api().get("/api/v1/stations/" + id).json().get("disconnectedAt").isNull()).isFalse();
        }
    }

    @Test
    void quietStationThatAnswersPingsStaysConnected() throws Exception {
        String id = unique("quiet");
        try (var station = station(id)) {
            station.call("Heartbeat", Map.of());
            Thread.sleep(3000); // twice the idle timeout without a single OCPP message
            assertThat(station.isOpen()).isTrue();
            assertThat(api().get("/api/v1/stations/" + id).json().get("connected").asBoolean()).isTrue();
            assertThat(station.call("Heartbeat", Map.of()).has("currentTime")).isTrue();
        }
    }
}
