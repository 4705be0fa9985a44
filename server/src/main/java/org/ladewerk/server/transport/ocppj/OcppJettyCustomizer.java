package org.ladewerk.server.transport.ocppj;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;
import org.ladewerk.server.bench.EchoEndpoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.stereotype.Component;

/**
 * Puts Jetty's WebSocket core upgrade handler in front of the servlet stack: OCPP connections are
 * upgraded by Jetty itself (under 10 KB per idle connection) and run on virtual threads; everything
 * else reaches Spring MVC (on a platform thread with {@code ladewerk.http.platform-threads}, see
 * {@link JettyThreads}).
 */
@Component
class OcppJettyCustomizer implements JettyServerCustomizer {

    // Resolved when Jetty starts, not while the web server is being built, so the endpoint's
    // dependencies (store, migrations) are created in their normal order.
    private final ObjectProvider<OcppJEndpoint> endpoint;
    /** The benchmark's bare echo endpoint, present only with ladewerk.bench.echo=true. */
    private final ObjectProvider<EchoEndpoint> echo;

    private final boolean platformThreads;

    OcppJettyCustomizer(ObjectProvider<OcppJEndpoint> endpoint, ObjectProvider<EchoEndpoint> echo,
                        @Value("${" + JettyThreads.PROPERTY + ":false}") boolean platformThreads) {
        this.endpoint = endpoint;
        this.echo = echo;
        this.platformThreads = platformThreads;
    }

    @Override
    public void customize(Server server) {
        WebSocketUpgradeHandler upgrade = new WebSocketUpgradeHandler(WebSocketServerComponents.ensureWebSocketComponents(server), u -> {
            endpoint.getObject().configure(u);
            echo.ifAvailable(e -> e.configure(u));
        });
        upgrade.setHandler(server.getHandler());
        server.setHandler(platformThreads ? new RequestThreads(upgrade, server.getThreadPool()) : upgrade);
    }
}
