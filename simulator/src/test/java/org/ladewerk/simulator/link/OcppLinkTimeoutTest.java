package org.ladewerk.simulator.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.schema.OcppSchemas;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A station's response timeout: one watchdog per link, armed again for whichever call is in flight when it fires. */
class OcppLinkTimeoutTest {

    private static final long NEVER = -1;

    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1);
    private final Network network = Network.local();
    private final Server server = new Server();
    /** How the central system answers each call it receives, in turn: after so many ms, or NEVER. */
    private final BlockingQueue<Long> answers = new LinkedBlockingQueue<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger timeouts = new AtomicInteger();
    private int port;
    private OcppLink link;

    @BeforeEach
    void startCentralSystem() throws Exception {
        var connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping("/ocpp/*", (rq, rs, cb) -> {
            rs.setAcceptedSubProtocol("ocpp1.6");
            return new CentralSystem();
        })));
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (link != null) link.stop();
        network.close();
        server.stop();
        timers.shutdownNow();
    }

    @Test
    void aCallWithoutAnswerFailsAfterTheResponseTimeout() throws Exception {
        answers.add(NEVER);
        link = start(Duration.ofSeconds(1));

        CompletableFuture<ObjectNode> call = link.call("Heartbeat", Json.mapper().createObjectNode(), Delivery.BOOT);

        assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(OfflineException.class).hasMessageContaining("no answer to Heartbeat");
        assertThat(timeouts).hasValue(1);
    }

    @Test
    void aCallAnsweredInItsTimeIsNotTimedOutByTheWatchArmedForTheCallBefore() throws Exception {
        answers.add(0L);
        answers.add(3_000L);
        link = start(Duration.ofSeconds(4));

        link.call("Heartbeat", Json.mapper().createObjectNode(), Delivery.BOOT).get(30, TimeUnit.SECONDS);
        // the watchdog armed for the first call fires 4 s after it, while the second (sent 2 s after it) waits for its answer
        TimeUnit.SECONDS.sleep(2);
        ObjectNode second = link.call("Heartbeat", Json.mapper().createObjectNode(), Delivery.BOOT).get(30, TimeUnit.SECONDS);

        assertThat(second.has("currentTime")).isTrue();
        assertThat(timeouts).hasValue(0);
    }

    @Test
    void aTransactionMessageWithoutAnswerGoesAgainOnANewConnection() throws Exception {
        answers.add(NEVER);
        answers.add(0L);
        link = start(Duration.ofSeconds(1));
        link.ready(true);

        link.call("Heartbeat", Json.mapper().createObjectNode(), Delivery.QUEUED).get(30, TimeUnit.SECONDS);

        assertThat(received).containsExactly("Heartbeat", "Heartbeat");
        assertThat(connections).hasValue(2);
        assertThat(timeouts).hasValue(1);
    }

    /** Starts a link and waits until it is connected (a boot call is refused before). */
    private OcppLink start(Duration responseTimeout) throws InterruptedException {
        var observer = new CallObserver() {
            @Override
            public void timedOut(String action) {
                timeouts.incrementAndGet();
            }
        };
        var handler = new OcppLink.Handler() {
            @Override
            public void connected() {
            }

            @Override
            public void disconnected() {
            }

            @Override
            public CompletableFuture<?> call(String action, ObjectNode payload) {
                return CompletableFuture.failedFuture(new CallErrorException("NotImplemented", action));
            }
        };
        var retry = new OcppLink.RetryPolicy() {
            @Override
            public int attempts() {
                return 3;
            }

            @Override
            public Duration interval() {
                return Duration.ofMillis(100);
            }
        };
        var options = LinkOptions.defaults().withResponseTimeout(responseTimeout).withReconnect(Duration.ofMillis(100), Duration.ofMillis(200));
        var l = new OcppLink("CP1", () -> "ws://127.0.0.1:" + port + "/ocpp", () -> null, network, timers, OcppSchemas.load(),
                handler, observer, options, retry);
        l.start();
        for (int i = 0; i < 300 && !l.isOpen(); i++) TimeUnit.MILLISECONDS.sleep(100);
        assertThat(l.isOpen()).isTrue();
        return l;
    }

    /** Answers a station's calls as {@link #answers} says. */
    public final class CentralSystem implements Session.Listener.AutoDemanding {

        private Session session;

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
            connections.incrementAndGet();
        }

        @Override
        public void onWebSocketText(String text) {
            JsonNode frame = Json.mapper().readTree(text);
            received.add(frame.get(2).asString());
            long after = answers.remove();
            if (after == NEVER) return;
            String answer = "[3,\"" + frame.get(1).asString() + "\",{\"currentTime\":\"2026-12-03T00:00:00Z\"}]";
            timers.schedule(() -> session.sendText(answer, Callback.NOOP), after, TimeUnit.MILLISECONDS);
        }
    }
}
