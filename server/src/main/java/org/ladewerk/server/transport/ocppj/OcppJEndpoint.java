package org.ladewerk.server.transport.ocppj;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.OcppVersion;
import org.ladewerk.ocpp.schema.OcppSchemas;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.station.StationAdmission;
import org.ladewerk.server.station.StationAdmission.Verdict;
import org.ladewerk.server.transport.OcppMetrics;
import org.ladewerk.server.transport.StationCallInterceptor;
import org.ladewerk.server.transport.StationMessageHandler;
import org.ladewerk.server.transport.StationRegistry;
import org.ladewerk.server.transport.UriPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The OCPP-J endpoint {@code /ocpp/{chargePointId}[/{account}]}: handshake checks (path, subprotocol,
 * admission, HTTP Basic auth), the live connections, keepalive, and an orderly close at shutdown.
 * Built on Jetty's WebSocket core rather than its endpoint API: that API keeps the upgrade request
 * and response of every connection (and through them the finished HTTP exchange, about 2.5 KB) and a
 * set of method handles per endpoint instance, which made an idle station cost 11.5 KB of heap
 * instead of 6.1 KB.
 */
@Component
public class OcppJEndpoint implements WebSocketNegotiator, SmartLifecycle {

    static final String PATH_PREFIX = "/ocpp/";
    private static final Logger log = LoggerFactory.getLogger(OcppJEndpoint.class);

    private final StationRegistry registry;
    private final StationAdmission admission;
    private final OcppSchemas schemas;
    private final LadewerkProperties.Ocpp config;
    private final EventBus events;
    private final StationCallInterceptor interceptor;
    private final OcppMetrics metrics;
    private final Map<OcppVersion, StationMessageHandler> handlers = new EnumMap<>(OcppVersion.class);
    /** Call timeouts and keepalive; made anew at each start, since a stopped context may be started again. */
    private volatile ScheduledExecutorService scheduler;
    private volatile boolean accepting;
    private final CallGate gate;

    public OcppJEndpoint(StationRegistry registry, StationAdmission admission, OcppSchemas schemas,
                         LadewerkProperties properties, List<StationMessageHandler> handlers, EventBus events,
                        StationCallInterceptor interceptor, OcppMetrics metrics) {
        this.events = events;
        this.metrics = metrics;
        this.interceptor = interceptor;
        this.registry = registry;
        this.admission = admission;
        this.schemas = schemas;
        this.config = properties.ocpp();
        this.gate = new CallGate(config.maxCallsInProgress());
        metrics.waitingCalls(gate::waiting);
        handlers.forEach(h -> this.handlers.put(h.version(), h));
    }

    void configure(WebSocketUpgradeHandler upgrade) {
        upgrade.addMapping(PATH_PREFIX + "*", this);
    }

    /** Connection settings: frames up to four times our own limit still reach us, so we can answer them. */
    @Override
    public void customize(Configuration configuration) {
        long hardLimit = Math.max(4L * config.maxFrameSize(), 1 << 20);
        configuration.setMaxTextMessageSize(hardLimit);
        configuration.setMaxFrameSize(hardLimit);
        configuration.setIdleTimeout(config.idleTimeout().multipliedBy(2));
    }

    @Override
    public FrameHandler negotiate(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        if (!accepting) return refuse(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "server is shutting down");
        String[] segments = request.getHttpURI().getPath().substring(PATH_PREFIX.length()).split("/", -1);
        if (segments.length > 2 || segments[0].isBlank() || (segments.length == 2 && segments[1].isBlank()))
            return refuse(request, response, callback, HttpStatus.NOT_FOUND_404, "use /ocpp/{chargePointId} or /ocpp/{chargePointId}/{account}");
        String stationId;
        String account;
        try {
            stationId = UriPath.decodeSegment(segments[0]);
            account = segments.length == 2 ? UriPath.decodeSegment(segments[1]) : null;
        } catch (IllegalArgumentException e) {
            return refuse(request, response, callback, HttpStatus.BAD_REQUEST_400, e.getMessage());
        }
        if (stationId.length() > 255)
            return refuse(request, response, callback, HttpStatus.BAD_REQUEST_400, "charge point id longer than 255 characters");

        Optional<OcppVersion> version = request.getSubProtocols().stream()
                .map(OcppVersion::fromSubprotocol).flatMap(Optional::stream)
                .filter(handlers::containsKey).findFirst();
        if (version.isEmpty())
            return refuse(request, response, callback, HttpStatus.BAD_REQUEST_400,
                    "no supported OCPP subprotocol offered in Sec-WebSocket-Protocol " + request.getSubProtocols()
                            + "; supported: " + handlers.keySet().stream().map(OcppVersion::subprotocol).toList());

        Verdict verdict = admission.admit(stationId, request.getHeaders().get(HttpHeader.AUTHORIZATION), Request.getRemoteAddr(request));
        switch (verdict.admission()) {
            case UNKNOWN -> {
                return refuse(request, response, callback, HttpStatus.NOT_FOUND_404, "unknown charge point " + stationId);
            }
            case UNAUTHORIZED -> {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"OCPP\", charset=\"UTF-8\"");
                return refuse(request, response, callback, HttpStatus.UNAUTHORIZED_401, "charge point credentials missing or wrong");
            }
            case THROTTLED -> {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(Math.max(1, verdict.retryAfter().toSeconds())));
                return refuse(request, response, callback, HttpStatus.TOO_MANY_REQUESTS_429, "too many wrong passwords, retry later");
            }
            case ADMITTED -> { }
        }
        response.setAcceptedSubProtocol(version.get().subprotocol());
        return new OcppJConnection(this, stationId, account, version.get(), handlers.get(version.get()));
    }

    private static FrameHandler refuse(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback, int status, String message) {
        log.debug("refused {}: {} {}", request.getHttpURI().getPath(), status, message);
        Response.writeError(request, response, callback, status, message);
        return null;
    }

    // --- connection bookkeeping

    void opened(OcppJConnection connection) {
        registry.register(connection).ifPresent(previous -> {
            log.info("{} reconnected; closing its previous connection", connection.stationId());
            previous.close(CloseStatus.NORMAL, "replaced by a new connection");
        });
    }

    void closed(OcppJConnection connection) {
        if (registry.unregister(connection)) handlers.get(connection.version()).disconnected(connection);
    }

    private void keepAlive() {
        long now = System.currentTimeMillis();
        long ping = config.pingInterval().toMillis();
        long idle = config.idleTimeout().toMillis();
        for (var session : registry.all()) {
            if (session instanceof OcppJConnection c) {
                try {
                    c.keepAlive(now, ping, idle);
                } catch (RuntimeException e) {
                    log.debug("keepalive of {} failed: {}", c.stationId(), e.toString());
                }
            }
        }
    }

    ObjectMapper mapper() { return Json.mapper(); }
    EventBus events() { return events; }
    StationCallInterceptor interceptor() { return interceptor; }
    OcppMetrics metrics() { return metrics; }
    OcppSchemas schemas() { return schemas; }
    int maxFrameSize() { return config.maxFrameSize(); }
    Duration responseTimeout() { return config.responseTimeout(); }
    ScheduledExecutorService scheduler() { return scheduler; }
    CallGate gate() { return gate; }

    // --- lifecycle: accept after start-up, close stations with 1001 first at shutdown

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ocpp-timer").daemon().factory());
        long period = Math.max(1000, Math.min(config.pingInterval().toMillis(), config.idleTimeout().toMillis()) / 4);
        scheduler.scheduleAtFixedRate(this::keepAlive, period, period, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(gate::expire, CallGate.EXPIRY_TICK_MILLIS, CallGate.EXPIRY_TICK_MILLIS, TimeUnit.MILLISECONDS);
        accepting = true;
    }

    @Override
    public void stop() {
        accepting = false;
        var connections = registry.all().stream().filter(OcppJConnection.class::isInstance).map(OcppJConnection.class::cast).toList();
        log.info("closing {} station connections", connections.size());
        connections.forEach(c -> c.closeWhenIdle(CloseStatus.SHUTDOWN));
        long deadline = System.currentTimeMillis() + 10_000;
        while (!registry.all().isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        scheduler.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return accepting;
    }

    /** Stops first, before the web server and long before the store. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
