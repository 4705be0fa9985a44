package org.ladewerk.server.live.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.live.LiveView;
import org.ladewerk.server.live.app.AppChargePoints.ChargePoint;
import org.ladewerk.server.security.AppRateLimiter;
import org.ladewerk.server.user.AppPrincipal;
import org.ladewerk.server.user.AppTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code /api/app/v1/live}: a WebSocket pushing the state, power, energy and session of the user's
 * charge points as they change. It hangs on {@link LiveView#onChange}, so a change is pushed once the
 * live view holds it, and nothing polls. Each change is rendered once and handed to each client
 * that may see it with a non-blocking send; what a client has not yet taken is counted in bytes, and
 * a client more than {@code ladewerk.app.live-queue-bytes} behind is closed, so a slow reader costs
 * its own connection and never the event thread or the stations behind it. Upgraded by Jetty's
 * WebSocket API, not the servlet stack; app clients are few, so unlike the OCPP endpoint (on Jetty's
 * WebSocket core) it keeps that API's comfort at about 11 KB of heap per idle connection. The token comes in the
 * {@code Authorization: Bearer} header or, for browsers that cannot set it, the {@code token} query
 * parameter; revoking the token closes its connections.
 */
@Component
public class LiveValues implements WebSocketCreator {

    public static final String PATH = "/api/app/v1/live";
    private static final Logger log = LoggerFactory.getLogger(LiveValues.class);

    private final AppTokens tokens;
    private final AppChargePoints chargePoints;
    private final AppRateLimiter limits;
    private final long maxQueuedBytes;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();

    public LiveValues(AppTokens tokens, AppChargePoints chargePoints, LiveView view, AppRateLimiter limits, LadewerkProperties properties,
                      MeterRegistry metrics) {
        this.tokens = tokens;
        this.chargePoints = chargePoints;
        this.limits = limits;
        this.maxQueuedBytes = properties.app().liveQueueBytes().toBytes();
        view.onChange(this::changed);
        Gauge.builder("ladewerk.app.live.clients", clients, Set::size).description("Live-value WebSocket clients of the app API")
                .register(metrics);
    }

    void configure(ServerWebSocketContainer container) {
        container.addMapping(PATH, this);
    }

    public int clients() {
        return clients.size();
    }

    /** Clients dropped for falling behind, since start. */
    public long dropped() {
        return dropped.get();
    }

    /** Closes the connections opened with a token that was just revoked. */
    public void revoked(long tokenId) {
        for (Client c : clients)
            if (c.principal.tokenId() != null && c.principal.tokenId() == tokenId) c.close(StatusCode.POLICY_VIOLATION, "token revoked");
    }

    @Override
    public Object createWebSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        Duration wait = limits.take(AppRateLimiter.Limit.address, Request.getRemoteAddr(request));
        if (!wait.isZero()) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, AppRateLimiter.retryAfter(wait));
            Response.writeError(request, response, callback, HttpStatus.TOO_MANY_REQUESTS_429, "rate limit of this address exceeded");
            return null;
        }
        Optional<AppPrincipal> principal = tokens.authenticate(token(request));
        if (principal.isEmpty()) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"Ladewerk\"");
            Response.writeError(request, response, callback, HttpStatus.UNAUTHORIZED_401, "a valid token is required");
            return null;
        }
        return new Client(principal.get());
    }

    private static String token(ServerUpgradeRequest request) {
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return authorization.substring(7).strip();
        Fields.Field query = Request.extractQueryParameters(request).get("token");
        return query == null ? null : query.getValue();
    }

    private void changed(StationEvent event) {
        if (clients.isEmpty()) return;
        switch (event) {
            case StationEvent.StatusChanged s when s.evseId() > 0 -> push(s.stationId(), s.evseId());
            case StationEvent.TransactionStarted t -> push(t.stationId(), t.evseId());
            case StationEvent.MeterSampled m -> push(m.stationId(), m.evseId());
            // these concern every EVSE of the station
            case StationEvent.TransactionStopped t -> pushAll(t.stationId());
            case StationEvent.Connected c -> pushAll(c.stationId());
            case StationEvent.Disconnected d -> pushAll(d.stationId());
            default -> { }
        }
    }

    private void pushAll(String stationId) {
        chargePoints.current(stationId).forEach(this::push);
    }

    private void push(String stationId, int evseId) {
        chargePoints.current(stationId, evseId).ifPresent(this::push);
    }

    private void push(ChargePoint cp) {
        String full = null;
        String withoutSession = null;
        for (Client c : clients) {
            if (!c.principal.user().mayUse(cp.stationId(), cp.evseId())) continue;
            ChargePoint visible = chargePoints.forUser(c.principal.user(), cp);
            if (visible.session() == null && cp.session() != null) {
                if (withoutSession == null) withoutSession = render(visible);
                c.send(withoutSession);
            } else {
                if (full == null) full = render(cp);
                c.send(full);
            }
        }
    }

    private static String render(ChargePoint cp) {
        var node = Json.mapper().valueToTree(cp);
        return ((tools.jackson.databind.node.ObjectNode) node).put("type", "chargePoint").toString();
    }

    /** One connection: sends only, reads nothing but pings and closes. */
    public final class Client implements Session.Listener {
        final AppPrincipal principal;
        private final AtomicLong queued = new AtomicLong();
        private volatile Session session;
        private volatile boolean closed;

        Client(AppPrincipal principal) {
            this.principal = principal;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            clients.add(this);
            for (ChargePoint cp : chargePoints.visible(principal.user())) send(render(cp));
            session.demand();
        }

        @Override
        public void onWebSocketText(String text) {
            session.demand(); // nothing to say to us
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            closed = true;
            clients.remove(this);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            closed = true;
            clients.remove(this);
        }

        void send(String text) {
            Session s = session;
            if (closed || s == null) return;
            long size = text.length();
            if (queued.addAndGet(size) > maxQueuedBytes) {
                dropped.incrementAndGet();
                log.info("live-values client of {} dropped: more than {} bytes behind", principal.user().username(), maxQueuedBytes);
                close(StatusCode.TRY_AGAIN_LATER, "too slow");
                return;
            }
            s.sendText(text, org.eclipse.jetty.websocket.api.Callback.from(() -> queued.addAndGet(-size), e -> close(StatusCode.SERVER_ERROR, "send failed")));
        }

        void close(int code, String reason) {
            if (closed) return;
            closed = true;
            clients.remove(this);
            Session s = session;
            if (s != null) s.close(code, reason, org.eclipse.jetty.websocket.api.Callback.NOOP);
        }
    }
}
