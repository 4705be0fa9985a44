package org.ladewerk.server.transport.ocppj;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.ladewerk.server.bench.EchoEndpoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.stereotype.Component;

/**
 * Puts Jetty's native WebSocket upgrade handler in front of the servlet stack: OCPP connections
 * are upgraded by Jetty itself (about 8 KB per idle connection), everything else reaches Spring MVC.
 */
@Component
class OcppJettyCustomizer implements JettyServerCustomizer {

    // Resolved when Jetty starts, not while the web server is being built, so the endpoint's
    // dependencies (store, migrations) are created in their normal order.
    private final ObjectProvider<OcppJEndpoint> endpoint;
    /** The benchmark's bare echo endpoint, present only with ladewerk.bench.echo=true. */
    private final ObjectProvider<EchoEndpoint> echo;

    OcppJettyCustomizer(ObjectProvider<OcppJEndpoint> endpoint, ObjectProvider<EchoEndpoint> echo) {
        this.endpoint = endpoint;
        this.echo = echo;
    }

    @Override
    public void customize(Server server) {
        WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(server, c -> {
            endpoint.getObject().configure(c);
            echo.ifAvailable(e -> e.configure(c));
        });
        upgrade.setHandler(server.getHandler());
        server.setHandler(upgrade);
    }
}
