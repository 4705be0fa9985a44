package org.ladewerk.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The benchmark's transport baseline answers every text message with itself, fragmented ones joined. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};DB_CLOSE_DELAY=-1", "ladewerk.bench.echo=true",
        "ladewerk.charging-data.archive=false"})
class EchoEndpointTest {

    @LocalServerPort
    int port;

    @Test
    void echoesTextMessages() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        var listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    received.add(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + EchoEndpoint.PATH + "station-1"), listener).join();
        ws.sendText("[2,\"1\",\"Heartbeat\",{}]", true).join();
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("[2,\"1\",\"Heartbeat\",{}]");
        ws.sendText("grüße ", false).join();
        ws.sendText("aus Brno", true).join();
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("grüße aus Brno");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
}
