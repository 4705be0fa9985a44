package org.ladewerk.server.live.app;

import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.stereotype.Component;

/**
 * Puts a Jetty WebSocket upgrade handler for {@link LiveValues#PATH} in front of the servlet stack,
 * as the OCPP endpoint does: the connection is upgraded by Jetty, everything else reaches Spring.
 * Idle connections stay open 15 minutes (values change rarely while nothing charges); clients that
 * want to notice a dead link sooner send pings, which Jetty answers.
 */
@Component
class LiveValuesJetty implements JettyServerCustomizer {

    private final ObjectProvider<LiveValues> live;

    LiveValuesJetty(ObjectProvider<LiveValues> live) {
        this.live = live;
    }

    @Override
    public void customize(Server server) {
        WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(server, c -> {
            c.setIdleTimeout(Duration.ofMinutes(15));
            c.setMaxTextMessageSize(4096);
            live.getObject().configure(c);
        });
        upgrade.setHandler(server.getHandler());
        server.setHandler(upgrade);
    }
}
