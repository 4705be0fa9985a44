package org.ladewerk.server.transport.ocppj;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.bench.EchoEndpoint;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/** With ladewerk.http.platform-threads Jetty runs on a platform pool, and REST and WebSocket upgrades still work. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};DB_CLOSE_DELAY=-1", "ladewerk.bench.echo=true",
        "ladewerk.charging-data.archive=false", "ladewerk.http.platform-threads=true"})
class PlatformThreadsTest {

    @LocalServerPort
    int port;

    @Autowired
    WebServerApplicationContext context;

    @Test
    void jettyRunsOnAPlatformPoolWithVirtualThreadsForBlockingWork() throws Exception {
        var pool = ((JettyWebServer) context.getWebServer()).getServer().getThreadPool();
        assertThat(pool).isInstanceOf(QueuedThreadPool.class);
        assertThat(((QueuedThreadPool) pool).getVirtualThreadsExecutor()).isNotNull();

        var http = HttpClient.newHttpClient();
        var ping = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/ping")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ping.statusCode()).isEqualTo(200);

        var echoed = new CompletableFuture<String>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + EchoEndpoint.PATH + "station-1"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        echoed.complete(data.toString());
                        return null;
                    }
                }).join();
        ws.sendText("[2,\"1\",\"Heartbeat\",{}]", true).join();
        assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("[2,\"1\",\"Heartbeat\",{}]");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
}
