package org.ladewerk.server.meter;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Enedis Data Connect (consent page, OAuth2 token endpoint, the 2026 metering API)
 * that enforces the rules the real one has: client credentials, single-use codes, bearer tokens,
 * consent per usage point (403 once withdrawn), at most 7 days per load-curve request and 365 per
 * daily request (400 beyond), nothing for today or later, nothing before the meter's activation
 * (400 ADAM-ERR0123) or beyond the history limits, and 429 with Retry-After once a burst exceeds the
 * quota. "Today" is the test's clock in Paris. Every data request is recorded.
 */
public final class FakeDataConnect implements ResponseDefinitionTransformerV2 {

    public static final String CLIENT_ID = "test-client";
    public static final String CLIENT_SECRET = "test-secret-never-logged";
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    record DataRequest(String resource, String pointId, LocalDate start, LocalDate end, int status) {}

    private record AccessToken(String usagePointId, Instant expiresAt) {}

    private final Clock clock;
    private final WireMockServer server;
    final List<DataRequest> requests = new CopyOnWriteArrayList<>();
    final Set<String> revoked = ConcurrentHashMap.newKeySet();
    final Set<String> failing = ConcurrentHashMap.newKeySet();
    final Set<String> producers = ConcurrentHashMap.newKeySet();
    final Map<String, LocalDate> activation = new ConcurrentHashMap<>();
    final Set<String> issuedAccessTokens = ConcurrentHashMap.newKeySet();
    final AtomicInteger refreshGrants = new AtomicInteger();
    private final Map<String, String> codes = new ConcurrentHashMap<>(); // code -> usage point
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>(); // refresh -> usage point
    private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
    private final Set<String> consented = ConcurrentHashMap.newKeySet();
    private volatile String nextConsent;
    private volatile int quotaLeft = Integer.MAX_VALUE;
    volatile long expiresIn = 12600;

    public FakeDataConnect(Clock clock) {
        this.clock = clock;
        this.server = new WireMockServer(options().dynamicPort().extensions(this));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(ok()));
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public void shutdown() {
        server.stop();
    }

    /** The usage point the next visitor of the consent page consents for. */
    public void nextConsentFor(String usagePointId) {
        nextConsent = usagePointId;
    }

    /** After {@code requests} more data requests, every request gets 429 until {@link #unthrottle()}. */
    void throttleAfter(int requests) {
        quotaLeft = requests;
    }

    void unthrottle() {
        quotaLeft = Integer.MAX_VALUE;
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(PARIS));
    }

    List<DataRequest> served(String resource, String pointId) {
        return requests.stream().filter(r -> r.resource().equals(resource) && r.pointId().equals(pointId) && r.status() == 200).toList();
    }

    /** The load-curve values the fake has for a day: 48 half hours, none before activation or for production-less meters. */
    static long value(String pointId, String resource, ZonedDateTime end) {
        return Math.floorMod((pointId + resource + end).hashCode(), 4000) + 100;
    }

    @Override
    public String getName() {
        return "fake-data-connect";
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Request r = event.getRequest();
        String path = URI.create(r.getUrl()).getPath();
        if (path.equals("/authorize")) return authorize(r);
        if (path.equals("/oauth2/v3/token")) return token(form(r.getBodyAsString()));
        if (path.startsWith("/mesure_synchrone_auto/v2/")) return data(r, path.substring("/mesure_synchrone_auto/v2/".length()));
        return json(404, "{\"error\":\"not_found\"}");
    }

    private ResponseDefinition authorize(Request r) {
        Map<String, String> q = form(URI.create(r.getUrl()).getRawQuery());
        if (!CLIENT_ID.equals(q.get("client_id")) || !"code".equals(q.get("response_type")) || q.get("duration") == null)
            return json(400, "{\"error\":\"invalid_request\"}");
        String code = UUID.randomUUID().toString();
        codes.put(code, nextConsent);
        String location = q.get("redirect_uri") + "?code=" + code + "&state=" + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8)
                + "&usage_point_id=" + nextConsent;
        return ResponseDefinitionBuilder.responseDefinition().withStatus(302).withHeader("Location", location).build();
    }

    private ResponseDefinition token(Map<String, String> f) {
        if (!CLIENT_ID.equals(f.get("client_id")) || !CLIENT_SECRET.equals(f.get("client_secret")))
            return json(401, "{\"error\":\"invalid_client\"}");
        String usagePoint;
        switch (String.valueOf(f.get("grant_type"))) {
            case "authorization_code" -> {
                usagePoint = codes.remove(String.valueOf(f.get("code")));
                if (usagePoint == null || f.get("redirect_uri") == null) return json(400, "{\"error\":\"invalid_grant\"}");
                consented.add(usagePoint);
                revoked.remove(usagePoint);
            }
            case "refresh_token" -> {
                usagePoint = refreshTokens.get(String.valueOf(f.get("refresh_token")));
                if (usagePoint == null || revoked.contains(usagePoint)) return json(400, "{\"error\":\"invalid_grant\"}");
                refreshGrants.incrementAndGet();
            }
            default -> {
                return json(400, "{\"error\":\"unsupported_grant_type\"}");
            }
        }
        String access = UUID.randomUUID().toString();
        String refresh = UUID.randomUUID().toString();
        accessTokens.put(access, new AccessToken(usagePoint, Instant.now().plusSeconds(expiresIn)));
        issuedAccessTokens.add(access);
        refreshTokens.put(refresh, usagePoint);
        return json(200, "{\"access_token\":\"" + access + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn
                + ",\"refresh_token\":\"" + refresh + "\",\"scope\":\"\"}");
    }

    private ResponseDefinition data(Request r, String resource) {
        Map<String, String> q = form(URI.create(r.getUrl()).getRawQuery());
        String pointId = q.getOrDefault("pointId", "");
        LocalDate start;
        LocalDate end;
        try {
            start = LocalDate.parse(q.get("dateDebut"));
            end = LocalDate.parse(q.get("dateFin"));
        } catch (RuntimeException e) {
            return record(resource, pointId, null, null, json(400, "{\"error\":\"invalid_request\",\"error_description\":\"dates\"}"));
        }
        String auth = r.getHeader("Authorization");
        AccessToken token = auth == null ? null : accessTokens.get(auth.replaceFirst("^Bearer ", ""));
        if (token == null || token.expiresAt().isBefore(Instant.now()))
            return record(resource, pointId, start, end, json(401, "{\"error\":\"invalid_token\"}"));
        if (!token.usagePointId().equals(pointId) || !consented.contains(pointId) || revoked.contains(pointId))
            return record(resource, pointId, start, end, json(403, "{\"error\":\"ADAM-ERR0069\",\"error_description\":\"No consent can be found for this customer and this usage point\"}"));
        if (quotaLeft <= 0)
            return record(resource, pointId, start, end, ResponseDefinitionBuilder.responseDefinition().withStatus(429).withHeader("Retry-After", "1")
                    .withHeader("Content-Type", "application/json").withBody("{\"error\":\"quota\",\"error_description\":\"Quota reached\"}").build());
        quotaLeft--;
        if (failing.contains(pointId)) return record(resource, pointId, start, end, json(500, "{\"error\":\"technical_error\"}"));
        boolean curve = resource.startsWith("courbe_de_charge");
        LocalDate today = today();
        if (!start.isBefore(end) || end.isAfter(today))
            return record(resource, pointId, start, end, json(400, "{\"error\":\"ADAM-ERR0125\",\"error_description\":\"the period must end today at the latest and after its start\"}"));
        if (ChronoUnit.DAYS.between(start, end) > (curve ? 7 : 365))
            return record(resource, pointId, start, end, json(400, "{\"error\":\"ADAM-ERR0126\",\"error_description\":\"The requested period must be less than "
                    + (curve ? 7 : 365) + " days\"}"));
        if (start.isBefore(today.minusMonths(curve ? 24 : 36)))
            return record(resource, pointId, start, end, json(400, "{\"error\":\"ADAM-ERR0127\",\"error_description\":\"beyond the history\"}"));
        LocalDate activated = activation.getOrDefault(pointId, LocalDate.MIN);
        if (start.isBefore(activated))
            return record(resource, pointId, start, end, json(400, "{\"error\":\"ADAM-ERR0123\",\"error_description\":\"The requested period cannot be anterior to the meter's last activation date\"}"));
        boolean production = resource.contains("production");
        if (production && !producers.contains(pointId))
            return record(resource, pointId, start, end, json(404, "{\"error\":\"no_data_found\",\"error_description\":\"no measure found for this usage point\"}"));
        return record(resource, pointId, start, end, json(200, body(resource, pointId, start, end, curve)));
    }

    private static String body(String resource, String pointId, LocalDate start, LocalDate end, boolean curve) {
        List<String> points = new ArrayList<>();
        for (LocalDate day = start; day.isBefore(end); day = day.plusDays(1)) {
            if (curve) {
                ZonedDateTime next = day.plusDays(1).atStartOfDay(PARIS);
                for (ZonedDateTime at = day.atStartOfDay(PARIS).plusMinutes(30); !at.isAfter(next); at = at.plusMinutes(30)) {
                    points.add("{\"v\":\"" + value(pointId, resource, at) + "\",\"d\":\"" + LOCAL.format(at) + "\",\"p\":\"PT30M\",\"n\":\"B\"}");
                }
            } else {
                points.add("{\"v\":\"" + value(pointId, resource, day.atStartOfDay(PARIS)) + "\",\"d\":\"" + day + "\"}");
            }
        }
        return "{\"idPrm\":\"" + pointId + "\",\"periode\":{\"dateDebut\":\"" + start + "\",\"dateFin\":\"" + end
                + "\"},\"grandeur\":[{\"grandeurMetier\":\"" + (resource.contains("production") ? "PROD" : "CONS")
                + "\",\"unite\":\"W\",\"points\":[" + String.join(",", points) + "]}]}";
    }

    private ResponseDefinition record(String resource, String pointId, LocalDate start, LocalDate end, ResponseDefinition response) {
        requests.add(new DataRequest(resource, pointId, start, end, response.getStatus()));
        return response;
    }

    private static ResponseDefinition json(int status, String body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status).withHeader("Content-Type", "application/json").withBody(body).build();
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> map = new HashMap<>();
        if (encoded == null || encoded.isBlank()) return map;
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) map.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return map;
    }
}
