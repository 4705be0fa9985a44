package org.ladewerk.server.transport.soap;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.namespace.QName;
import org.apache.cxf.Bus;
import org.apache.cxf.binding.soap.Soap12;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.apache.cxf.ws.addressing.ContextUtils;
import org.ladewerk.ocpp.ErrorCode;
import org.ladewerk.ocpp.OcppVersion;
import org.ladewerk.ocpp.schema.OcppSchemas;
import org.ladewerk.ocpp.schema.Violation;
import org.ladewerk.ocpp.soap.Ocpp15;
import org.ladewerk.ocpp.soap.SoapJson;
import org.ladewerk.ocpp.soap.SoapVersion;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.station.StationService;
import org.ladewerk.server.transport.CallFailure;
import org.ladewerk.server.transport.OcppMetrics;
import org.ladewerk.server.transport.StationMessageHandler;
import org.ladewerk.server.transport.StationRegistry;
import org.ladewerk.server.transport.StationSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * OCPP 1.5 and 1.6 over SOAP: station-initiated operations go through the same OCPP 1.6 mapping as
 * OCPP-J (1.5 rewritten to the 1.6 shape first), stations are registered as {@link SoapStationSession}s.
 *
 * <p>Online: SOAP has no connection, so a SOAP station counts as connected from its first message
 * and until it has been silent for twice the heartbeat interval it is given plus the response
 * timeout as a margin (a station that misses one heartbeat is still online). Then it is recorded as
 * disconnected, as an OCPP-J station whose socket closed. A station that connects over OCPP-J
 * replaces its SOAP session at once, and a SOAP message replaces an OCPP-J connection.
 */
@Component
public class SoapTransport implements SmartLifecycle {

    /** Where the SOAP servlet lives; each version's endpoint is {@code SERVLET_PATH/1.5} and {@code /1.6}. */
    static final String SERVLET_PATH = "/ocpp/soap";
    /** URLs that take either version and route by the payload's namespace. */
    static final List<String> ROUTED_PATHS = List.of(SERVLET_PATH, "/Ocpp");

    private static final Logger log = LoggerFactory.getLogger(SoapTransport.class);

    private final Bus bus;
    private final StationRegistry registry;
    private final StationMessageHandler handler;
    private final OcppMetrics metrics;
    private final OcppSchemas schemas;
    private final StationService stations;
    private final LadewerkProperties.Ocpp config;
    private final Object[] stripes = new Object[64];
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean accepting;
    private volatile ScheduledExecutorService scheduler;
    private volatile ExecutorService executor;

    public SoapTransport(Bus ocppSoapBus, StationRegistry registry, List<StationMessageHandler> handlers, OcppSchemas schemas,
                         StationService stations, LadewerkProperties properties, OcppMetrics metrics) {
        this.bus = ocppSoapBus;
        this.metrics = metrics;
        this.registry = registry;
        this.handler = handlers.stream().filter(h -> h.version() == OcppVersion.V1_6).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OCPP 1.6 handler"));
        this.schemas = schemas;
        this.stations = stations;
        this.config = properties.ocpp();
        for (int i = 0; i < stripes.length; i++) stripes[i] = new Object();
    }

    /**
     * Handles one station-initiated SOAP operation: the station is known (registered, admitted by
     * the router), its message goes to the OCPP 1.6 mapping, the answer comes back as the JAXB
     * response of its version. Domain refusals become SOAP faults with the OCPP error code as subcode.
     */
    <R> R handle(SoapVersion version, String action, Object request, String chargeBoxIdentity, Class<R> responseType) {
        inFlight.incrementAndGet();
        try {
            if (chargeBoxIdentity == null || chargeBoxIdentity.isBlank())
                throw fault(version, true, null, "chargeBoxIdentity header missing: the station is identified by a SOAP header "
                        + version.chargeBoxIdentity(true));
            Message message = PhaseInterceptorChain.getCurrentMessage();
            String address = message == null ? null : (String) message.getExchange().get(StationAddressInterceptor.STATION_ADDRESS);
            SoapStationSession session = session(version, chargeBoxIdentity.strip(), address);
            session.inbound.lock();
            try {
                session.heard();
                ObjectNode payload = SoapJson.toJson(request);
                if (version == SoapVersion.V1_5) payload = Ocpp15.toV16(action, true, payload);
                ObjectNode answer = answer(session, action, payload);
                Violation invalid = schemas.validateResponse(OcppVersion.V1_6, action, answer).orElse(null);
                if (invalid != null) {
                    log.error("{} response to {} (SOAP) from {} is not schema-valid: {}", action, session.stationId(), answer, invalid.description());
                    throw fault(version, false, ErrorCode.INTERNAL_ERROR, "the central system produced an invalid response");
                }
                if (version == SoapVersion.V1_5) answer = Ocpp15.fromV16(action, false, answer);
                return SoapJson.fromJson(answer, responseType);
            } finally {
                session.inbound.unlock();
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private ObjectNode answer(SoapStationSession session, String action, ObjectNode payload) {
        long received = System.nanoTime();
        try {
            return handler.handle(session, action, payload).join();
        } catch (RuntimeException e) {
            CallFailure f = CallFailure.of(e, session.stationId(), messageId(), action);
            throw fault(session.soapVersion(), false, f.code(), f.description());
        } finally {
            metrics.inbound(action, System.nanoTime() - received);
        }
    }

    /** The WS-Addressing MessageID of the request being handled, for the log; "-" without one. */
    private static String messageId() {
        Message message = PhaseInterceptorChain.getCurrentMessage();
        var maps = message == null ? null : ContextUtils.retrieveMAPs(message, false, false, false);
        return maps == null || maps.getMessageID() == null ? "-" : maps.getMessageID().getValue();
    }

    private static SoapFault fault(SoapVersion version, boolean sender, ErrorCode code, String reason) {
        var fault = new SoapFault(reason, sender ? Soap12.getInstance().getSender() : Soap12.getInstance().getReceiver());
        if (code != null) fault.setSubCode(new QName(version.centralSystemNamespace(), code.wireName(OcppVersion.V1_6)));
        return fault;
    }

    /** The station's SOAP session: the current one, or a new one that replaces whatever link it had. */
    private SoapStationSession session(SoapVersion version, String stationId, String address) {
        synchronized (stripes[Math.floorMod(stationId.hashCode(), stripes.length)]) {
            Optional<StationSession> current = registry.find(stationId);
            if (current.isPresent() && current.get() instanceof SoapStationSession s && !s.isClosed() && s.soapVersion() == version) {
                s.heard();
                if (s.endpointAddress(address)) stations.endpointChanged(stationId, address);
                return s;
            }
            var created = new SoapStationSession(this, stationId, version, address);
            registry.register(created).ifPresent(previous -> {
                log.info("{} now talks OCPP {} over SOAP; closing its previous link", stationId, version.number());
                previous.close(1000, "the station now talks OCPP " + version.number() + " over SOAP");
            });
            // as over OCPP-J: the connection is recorded before the station's first message is handled
            handler.connected(created).join();
            return created;
        }
    }

    /** A session closed (silent too long, replaced, deleted, shutdown): recorded as a disconnect if it was current. */
    void closed(SoapStationSession session) {
        if (registry.unregister(session)) handler.disconnected(session);
    }

    /** How long a SOAP station stays online after it was last heard from. */
    Duration onlineWindow() {
        return config.heartbeatInterval().multipliedBy(2).plus(config.responseTimeout());
    }

    private void expireSilent() {
        long now = System.currentTimeMillis();
        long window = onlineWindow().toMillis();
        for (StationSession s : registry.all()) {
            if (s instanceof SoapStationSession soap && now - soap.lastSeen().toEpochMilli() > window && !soap.inbound.isLocked()) {
                soap.close(1000, "not heard from for " + (now - soap.lastSeen().toEpochMilli()) / 1000 + " s");
            }
        }
    }

    boolean accepting() {
        return accepting;
    }

    int maxMessageBytes() {
        return Math.max(4 * config.maxFrameSize(), 1 << 20);
    }

    Duration responseTimeout() {
        return config.responseTimeout();
    }

    OcppSchemas schemas() {
        return schemas;
    }

    Bus bus() {
        return bus;
    }

    ExecutorService executor() {
        return executor;
    }

    // --- lifecycle: like the OCPP-J endpoint, accept after start-up and stop first at shutdown

    @Override
    public void start() {
        executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ocpp-soap-call-", 0).factory());
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ocpp-soap-timer").daemon().factory());
        long period = Math.max(1000, Math.min(onlineWindow().toMillis() / 4, 60_000));
        scheduler.scheduleAtFixedRate(() -> {
            try {
                expireSilent();
            } catch (RuntimeException e) {
                log.warn("SOAP session expiry failed: {}", e.toString());
            }
        }, period, period, TimeUnit.MILLISECONDS);
        accepting = true;
    }

    @Override
    public void stop() {
        accepting = false;
        long deadline = System.currentTimeMillis() + 10_000;
        while (inFlight.get() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        var sessions = registry.all().stream().filter(SoapStationSession.class::isInstance).map(SoapStationSession.class::cast).toList();
        if (!sessions.isEmpty()) log.info("closing {} SOAP station sessions", sessions.size());
        sessions.forEach(s -> s.close(1001, "server shutting down"));
        scheduler.shutdownNow();
        executor.shutdown();
    }

    @Override
    public boolean isRunning() {
        return accepting;
    }

    /** Stops just before the OCPP-J endpoint, which waits for the registry to empty. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 999;
    }
}
