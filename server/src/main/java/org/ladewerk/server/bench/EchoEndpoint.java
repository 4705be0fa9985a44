package org.ladewerk.server.bench;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * The benchmark's transport baseline: {@code /bench/echo/*} sends every text frame back, on the same
 * Jetty and WebSocket container as the OCPP endpoint, so the report can state OCPP throughput as a
 * share of what the transport alone does. Exists only with {@code ladewerk.bench.echo=true}.
 */
@Component
@ConditionalOnBooleanProperty("ladewerk.bench.echo")
public class EchoEndpoint {

    public static final String PATH = "/bench/echo/";

    public void configure(ServerWebSocketContainer container) {
        container.addMapping(PATH + "*", (request, response, callback) -> new Echo());
    }

    /** One connection: like the OCPP endpoint, reads the next frame once the answer is on its way. */
    public static final class Echo implements Session.Listener {
        private Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            session.demand();
        }

        @Override
        public void onWebSocketText(String text) {
            session.sendText(text, Callback.from(session::demand, e -> session.close()));
        }

        @Override
        public void onWebSocketPing(java.nio.ByteBuffer payload) {
            session.sendPong(payload, Callback.NOOP);
            session.demand();
        }

        @Override
        public void onWebSocketPong(java.nio.ByteBuffer payload) {
            session.demand();
        }
    }
}
