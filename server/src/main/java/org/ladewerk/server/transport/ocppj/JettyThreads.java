package org.ladewerk.server.transport.ocppj;

import java.util.concurrent.Executors;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * With {@code ladewerk.http.platform-threads}, Jetty's threads: a platform pool that accepts, selects
 * and runs the REST API, web UI and SOAP requests (see {@link RequestThreads}), and virtual threads
 * for the work that may block, above all the OCPP-J stations' frames. Spring Boot's own choice with
 * virtual threads enabled (the default) runs everything on virtual threads, the selectors too; their
 * scheduler serves first come, first served, so under full ingest every HTTP request waits behind
 * thousands of station frames (REST p99 over a second at 13,000 MeterValues/s, 230 ms with this).
 * Off by default: the REST requests then served cost ingest throughput at saturation (round 13 of
 * the benchmark). Ordered last so it replaces Spring Boot's pool.
 */
@Component
@ConditionalOnBooleanProperty(JettyThreads.PROPERTY)
class JettyThreads implements WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory>, Ordered {

    static final String PROPERTY = "ladewerk.http.platform-threads";

    /** As Jetty's default: a request that waits (a CSV export, a SOAP call) holds one. */
    private static final int MAX_PLATFORM_THREADS = 200;

    @Override
    public void customize(ConfigurableJettyWebServerFactory factory) {
        var pool = new QueuedThreadPool(MAX_PLATFORM_THREADS, 8);
        pool.setName("jetty");
        pool.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("jetty-virtual-", 0).factory()));
        factory.setThreadPool(pool);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
