package org.ladewerk.server.transport.ocppj;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
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

    /**
     * The listen backlog asked for: as long as the kernel allows (it caps the value at
     * net.core.somaxconn, 4096 on current Linux). Jetty's default leaves the JDK's 50, and when
     * thousands of stations reconnect at once the kernel drops the SYNs beyond it: each dropped
     * station waits 1, 3, 7 s to retry and some give up (in a storm of 19,000 on loopback, 8,000-16,000
     * failed connects with 50, none with this).
     */
    static final int ACCEPT_QUEUE = 65_535;

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
        for (Connector connector : server.getConnectors())
            if (connector instanceof ServerConnector c) c.setAcceptQueueSize(ACCEPT_QUEUE);
        WebSocketUpgradeHandler upgrade = new WebSocketUpgradeHandler(WebSocketServerComponents.ensureWebSocketComponents(server), u -> {
            endpoint.getObject().configure(u);
            echo.ifAvailable(e -> e.configure(u));
        });
        upgrade.setHandler(server.getHandler());
        server.setHandler(platformThreads ? new RequestThreads(upgrade, server.getThreadPool()) : upgrade);
    }
}
