package org.ladewerk.server.transport;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.springframework.stereotype.Component;

/**
 * What an operator watches of the OCPP side: stations connected per protocol version
 * ({@code ladewerk.stations.connected}, tag {@code version}) and every message's latency per action
 * and direction ({@code ladewerk.ocpp.messages}: {@code in} from a station's call to our answer,
 * {@code out} from our call to the station's answer or its timeout). The gauges read the station
 * registry when scraped, so nothing is counted twice or missed when a link closes abnormally.
 */
@Component
public class OcppMetrics {

    /** The protocols a session reports ({@code StationSession.protocol()}): OCPP-J subprotocols and the SOAP versions. */
    private static final String[] PROTOCOLS = {"ocpp1.5", "ocpp1.6", "ocpp2.0.1", "ocpp2.1"};

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    public OcppMetrics(MeterRegistry registry, StationRegistry stations) {
        this.registry = registry;
        for (String protocol : PROTOCOLS) {
            Gauge.builder("ladewerk.stations.connected", stations,
                            s -> s.all().stream().filter(session -> protocol.equals(session.protocol())).count())
                    .tag("version", protocol.substring(4)).description("Stations connected now, by OCPP version")
                    .register(registry);
        }
    }

    /** Stations with a call waiting unread because as many calls as allowed are in progress. */
    public void waitingCalls(IntSupplier waiting) {
        // held strongly: a gauge keeps only a weak reference to its state, and nothing else holds this lambda
        Gauge.builder("ladewerk.ocpp.calls.waiting", waiting, IntSupplier::getAsInt).strongReference(true)
                .description("Stations whose next call waits unread until fewer calls are in progress")
                .register(registry);
    }

    /** A station's call answered {@code nanos} after it arrived. */
    public void inbound(String action, long nanos) {
        timer(action, "in").record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A central-system call answered (or timed out, or lost with the link) {@code nanos} after it was sent. */
    public void outbound(String action, long nanos) {
        timer(action, "out").record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(String action, String direction) {
        return timers.computeIfAbsent(direction + ' ' + action, k -> Timer.builder("ladewerk.ocpp.messages")
                .tag("action", action).tag("direction", direction)
                .description("OCPP calls by action: in = station's call until our answer, out = our call until the station's answer")
                .register(registry));
    }
}
