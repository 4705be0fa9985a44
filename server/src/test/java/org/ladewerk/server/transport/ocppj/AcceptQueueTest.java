package org.ladewerk.server.transport.ocppj;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/** The listening socket asks for the largest accept queue, so a reconnect storm is not cut at the JDK's 50. */
class AcceptQueueTest extends ServerTest {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void everyConnectorAsksForTheLargestAcceptQueue() {
        var connectors = ((JettyWebServer) context.getWebServer()).getServer().getConnectors();
        assertThat(connectors).isNotEmpty();
        assertThat(Arrays.stream(connectors).map(c -> ((ServerConnector) c).getAcceptQueueSize()))
                .containsOnly(OcppJettyCustomizer.ACCEPT_QUEUE);
    }
}
