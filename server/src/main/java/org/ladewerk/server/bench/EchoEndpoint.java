package org.ladewerk.server.bench;

import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;
import org.ladewerk.server.transport.ocppj.TextMessage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * The benchmark's transport baseline: {@code /bench/echo/*} sends every text message back, on the
 * same Jetty WebSocket stack as the OCPP endpoint (messages joined and decoded the same way), so the
 * report can state OCPP throughput as a share of what the transport alone does. Exists only with
 * {@code ladewerk.bench.echo=true}.
 */
@Component
@ConditionalOnBooleanProperty("ladewerk.bench.echo")
public class EchoEndpoint {

    public static final String PATH = "/bench/echo/";

    public void configure(WebSocketUpgradeHandler upgrade) {
        upgrade.addMapping(PATH + "*", (request, response, callback) -> new Echo());
    }

    /** One connection: like the OCPP endpoint, reads the next message once the answer is on its way. */
    static final class Echo implements FrameHandler {
        private CoreSession session;
        private TextMessage text;

        @Override
        public void onOpen(CoreSession session, Callback callback) {
            this.session = session;
            this.text = new TextMessage(session.getMaxTextMessageSize());
            callback.succeeded();
            session.demand();
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            switch (frame.getOpCode()) {
                case OpCode.TEXT, OpCode.CONTINUATION -> text.accept(frame, callback,
                        message -> session.sendFrame(new Frame(OpCode.TEXT, message), Callback.from(session::demand, e -> session.abort()), false),
                        session::demand);
                case OpCode.PING -> {
                    var pong = new Frame(OpCode.PONG, frame.hasPayload() ? BufferUtil.copy(frame.getPayload()) : null);
                    callback.succeeded();
                    session.sendFrame(pong, Callback.NOOP, false);
                    session.demand();
                }
                case OpCode.CLOSE -> callback.succeeded();
                default -> {
                    callback.succeeded();
                    session.demand();
                }
            }
        }

        @Override
        public void onError(Throwable cause, Callback callback) {
            callback.succeeded();
        }

        @Override
        public void onClosed(CloseStatus status, Callback callback) {
            callback.succeeded();
        }
    }
}
