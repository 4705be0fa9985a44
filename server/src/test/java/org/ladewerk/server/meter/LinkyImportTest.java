package org.ladewerk.server.meter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.server.LadewerkApplication;
import org.ladewerk.server.meter.FakeDataConnect.DataRequest;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The Linky import end to end against a fake Data Connect that enforces Enedis' rules: the consent
 * round trip through the redirect, a 24-month backfill in legal windows, incremental runs, a restart
 * in the middle of a backfill, no value stored twice, and failing meters next to healthy ones. The
 * schedule is driven by calling {@link MeterImporter#importDue()} with a clock the test moves.
 */
class LinkyImportTest {

    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
    private static final String API_KEY = "linky-test-key";

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T09:00:00Z"));
    private FakeDataConnect enedis;
    private ConfigurableApplicationContext app;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void setUp() {
        enedis = new FakeDataConnect(clock);
        app = start();
    }

    @AfterEach
    void tearDown() {
        if (app != null) app.close();
        enedis.shutdown();
    }

    /** The database the server uses; its data must survive a restart. */
    protected Map<String, Object> database() {
        return Map.of("spring.datasource.url", "jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE");
    }

    private ConfigurableApplicationContext start() {
        var props = new HashMap<String, Object>(database());
        props.putAll(Map.ofEntries(
                Map.entry("server.port", 0),
                Map.entry("ladewerk.data-dir", dir.toString()),
                Map.entry("ladewerk.api.keys", API_KEY),
                Map.entry("ladewerk.enedis.client-id", FakeDataConnect.CLIENT_ID),
                Map.entry("ladewerk.enedis.client-secret", FakeDataConnect.CLIENT_SECRET),
                Map.entry("ladewerk.enedis.redirect-uri", "http://localhost/api/v1/meters/linky/redirect"),
                Map.entry("ladewerk.enedis.api-base-url", enedis.baseUrl()),
                Map.entry("ladewerk.enedis.authorize-url", enedis.baseUrl() + "/authorize"),
                Map.entry("ladewerk.enedis.request-interval", "0s"),
                Map.entry("ladewerk.enedis.scheduler", false)));
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(LadewerkApplication.class)
                .initializers(c -> c.getBeanFactory().registerSingleton("meterClock", clock))
                .run(args);
    }

    private int port() {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    private MeterImporter importer() {
        return app.getBean(MeterImporter.class);
    }

    private MeterStore store() {
        return app.getBean(MeterStore.class);
    }

    private HttpResponse<String> get(String url, String auth) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (auth != null) b.header(auth.startsWith("Basic") ? "Authorization" : "X-API-Key", auth);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String local(String location) {
        // Enedis sends the browser to the registered redirect URI; here that is this test server
        return location.replace("http://localhost/", "http://localhost:" + port() + "/");
    }

    /** The consent round trip as a browser makes it; returns our redirect endpoint's URL with Enedis' answer. */
    private String consentAt(String usagePointId, String auth) throws Exception {
        var consent = get("http://localhost:" + port() + "/api/v1/meters/linky/consent", auth);
        assertThat(consent.statusCode()).isEqualTo(302);
        String authorize = consent.headers().firstValue("Location").orElseThrow();
        assertThat(authorize).startsWith(enedis.baseUrl() + "/authorize?").contains("client_id=" + FakeDataConnect.CLIENT_ID)
                .contains("state=").contains("duration=P3Y");
        enedis.nextConsentFor(usagePointId);
        var page = get(authorize, null);
        assertThat(page.statusCode()).isEqualTo(302);
        return local(page.headers().firstValue("Location").orElseThrow());
    }

    private void consent(String usagePointId) throws Exception {
        var back = get(consentAt(usagePointId, ADMIN), ADMIN);
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        assertThat(back.headers().firstValue("Location")).contains("/#/meters/" + usagePointId);
    }

    private LocalDate today() {
        return enedis.today();
    }

    private long readings(String usagePointId, Series series) {
        return app.getBean(JdbcClient.class).sql("SELECT COUNT(*) FROM meter_reading WHERE usage_point_id = ? AND series = ?")
                .params(usagePointId, series.name()).query(Long.class).single();
    }

    /**
     * Half hours in {@code [from, to)} as Enedis stamps them (local end times): 46 on the day clocks go
     * forward, 50 on the day they go back of which two repeat a local time already given, so 48 distinct.
     */
    private static long halfHours(LocalDate from, LocalDate to) {
        long n = 0;
        for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1))
            n += Math.min(48, Duration.between(d.atStartOfDay(FakeDataConnect.PARIS), d.plusDays(1).atStartOfDay(FakeDataConnect.PARIS)).toMinutes() / 30);
        return n;
    }

    /** The windows served for one series, in request order, must tile [from, to) without gap or overlap. */
    private static void assertTiles(List<DataRequest> served, LocalDate from, LocalDate to, int maxDays) {
        LocalDate expected = from;
        for (DataRequest r : served) {
            assertThat(r.start()).as("window %s", r).isEqualTo(expected);
            assertThat(ChronoUnit.DAYS.between(r.start(), r.end())).isBetween(1L, (long) maxDays);
            expected = r.end();
        }
        assertThat(expected).isEqualTo(to);
    }

    @Test
    void consentThroughTheRedirectChecksTheState() throws Exception {
        String redirect = consentAt("12345678901234", ADMIN);
        String forged = redirect.replaceFirst("state=[^&]+", "state=AAAAAAAAAAAAAAAAAAAAAAAA.forged");
        assertThat(get(forged, ADMIN).statusCode()).isEqualTo(400);
        // the state belongs to the admin: another principal (the API key) cannot use it
        assertThat(get(redirect, API_KEY).statusCode()).isEqualTo(400);
        var ok = get(redirect, ADMIN);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(302);
        // single use
        var again = get(redirect, ADMIN);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("consent state");
        // without credentials nothing happens
        assertThat(get("http://localhost:" + port() + "/api/v1/meters/linky/consent", null).statusCode()).isEqualTo(401);

        var meters = get("http://localhost:" + port() + "/api/v1/meters", ADMIN);
        assertThat(meters.body()).contains("\"usagePointId\":\"12345678901234\"").contains("\"owner\":\"admin\"").contains("\"status\":\"ACTIVE\"");

        // tokens are stored encrypted
        var stored = app.getBean(JdbcClient.class).sql("SELECT access_token, refresh_token FROM enedis_token").query().listOfRows();
        assertThat(stored).hasSize(1);
        for (String token : enedis.issuedAccessTokens) assertThat(stored.getFirst().values().toString()).doesNotContain(token);
        var keyFile = dir.resolve("enedis-token.key");
        assertThat(Files.getPosixFilePermissions(keyFile).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }

    @Test
    void backfillsInLegalWindowsThenFetchesOnlyNewDays() throws Exception {
        String id = "11111111111111";
        enedis.activation.put(id, today().minusMonths(30));
        consent(id);
        importer().importDue();

        LocalDate today = today();
        assertThat(enedis.requests).allMatch(r -> r.status() == 200 || r.status() == 404 || (r.status() == 400 && r.start().isBefore(today.minusMonths(30))),
                "only production (404) and before-activation (400) refusals");
        assertTiles(enedis.served("courbe_de_charge_consommation", id), today.minusMonths(24), today, 7);
        long halfHours = halfHours(today.minusMonths(24), today);
        assertThat(readings(id, Series.LOAD_CURVE)).isEqualTo(halfHours);
        // daily data from the meter's activation on, although Enedis refused the first window (it began before)
        var daily = enedis.served("consommation_quotidienne", id);
        assertThat(daily.getLast().end()).isEqualTo(today);
        assertThat(readings(id, Series.DAILY)).isEqualTo(ChronoUnit.DAYS.between(today.minusMonths(30), today));
        assertThat(enedis.served("puissance_conso_max_quotidienne", id)).isNotEmpty();
        assertThat(store().find(id).orElseThrow().produces()).isFalse();
        assertThat(store().find(id).orElseThrow().lastError()).isNull();

        // the next day: one request per series, for the one new day
        enedis.requests.clear();
        clock.advance(Duration.ofDays(1));
        assertThat(importer().importDue()).isEqualTo(1);
        LocalDate newToday = today();
        assertThat(enedis.requests).extracting(DataRequest::resource)
                .containsExactlyInAnyOrder("courbe_de_charge_consommation", "consommation_quotidienne", "puissance_conso_max_quotidienne");
        assertThat(enedis.requests).allMatch(r -> r.start().equals(today) && r.end().equals(newToday) && r.status() == 200);
        assertThat(readings(id, Series.LOAD_CURVE)).isEqualTo(halfHours + 48);

        // JSON and CSV of the imported load curve
        var json = get("http://localhost:" + port() + "/api/v1/meters/" + id + "/load-curve?from=" + today + "&to=" + newToday, ADMIN);
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).contains("\"unit\":\"W\"").contains("\"readings\":[{\"ts\":\"" + today.atStartOfDay(FakeDataConnect.PARIS).toInstant());
        var csv = get("http://localhost:" + port() + "/api/v1/meters/" + id + "/load-curve?format=csv&from=" + today + "&to=" + newToday, ADMIN);
        assertThat(csv.body().lines().count()).isEqualTo(49);
        assertThat(get("http://localhost:" + port() + "/api/v1/meters/" + id + "/daily?from=nonsense", ADMIN).statusCode()).isEqualTo(400);
        assertThat(get("http://localhost:" + port() + "/api/v1/meters/99999999999999/daily", ADMIN).statusCode()).isEqualTo(404);
    }

    @Test
    void aRestartInTheMiddleOfABackfillResumesFromTheMarkersAndStoresNothingTwice() throws Exception {
        String id = "22222222222222";
        enedis.producers.add(id);
        consent(id);
        enedis.throttleAfter(40);
        importer().importDue();
        var meter = store().find(id).orElseThrow();
        assertThat(meter.lastError()).contains("429");
        var before = List.copyOf(enedis.requests);
        assertThat(before.getLast().status()).isEqualTo(429);
        long loadCurveBefore = readings(id, Series.LOAD_CURVE);
        assertThat(loadCurveBefore).isPositive();

        app.close();
        enedis.unthrottle();
        app = start();
        clock.advance(Duration.ofMinutes(1)); // past the Retry-After
        enedis.requests.clear();
        importer().importDue();

        // the first request after the restart continues where the last served one stopped
        var lastServed = before.stream().filter(r -> r.status() == 200 && r.resource().equals("courbe_de_charge_consommation")).toList().getLast();
        var resumed = enedis.served("courbe_de_charge_consommation", id);
        assertThat(resumed.getFirst().start()).isEqualTo(lastServed.end());
        // no window was served twice over both runs
        Set<String> windows = new HashSet<>();
        for (var r : before) if (r.status() == 200) assertThat(windows.add(r.resource() + r.start())).isTrue();
        for (var r : enedis.requests) if (r.status() == 200) assertThat(windows.add(r.resource() + r.start())).as("%s", r).isTrue();

        LocalDate today = today();
        long halfHours = halfHours(today.minusMonths(24), today);
        assertThat(readings(id, Series.LOAD_CURVE)).isEqualTo(halfHours);
        assertThat(readings(id, Series.PRODUCTION_LOAD_CURVE)).isEqualTo(halfHours);
        assertThat(store().find(id).orElseThrow().lastError()).isNull();

        // a re-import of a period replaces values, never doubles them
        var reimport = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port() + "/api/v1/meters/" + id + "/reimport"))
                .header("Authorization", ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"" + today.minusDays(20) + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reimport.statusCode()).as(reimport.body()).isEqualTo(202);
        enedis.requests.clear();
        importer().importDue();
        assertThat(enedis.served("courbe_de_charge_consommation", id).getFirst().start()).isEqualTo(today.minusDays(20));
        assertThat(readings(id, Series.LOAD_CURVE)).isEqualTo(halfHours);
    }

    @Test
    void oneFailingMeterDoesNotStopTheOthers() throws Exception {
        String revoked = "33333333333331", broken = "33333333333332", healthy = "33333333333333";
        consent(revoked);
        consent(broken);
        consent(healthy);
        enedis.revoked.add(revoked);
        enedis.failing.add(broken);
        assertThat(importer().importDue()).isEqualTo(3);

        assertThat(store().find(revoked).orElseThrow().status()).isEqualTo(Meter.Status.CONSENT_REVOKED);
        assertThat(store().find(revoked).orElseThrow().lastError()).contains("403");
        assertThat(store().find(broken).orElseThrow().status()).isEqualTo(Meter.Status.ACTIVE);
        assertThat(store().find(broken).orElseThrow().lastError()).contains("500");
        LocalDate today = today();
        assertThat(readings(healthy, Series.LOAD_CURVE)).isEqualTo(halfHours(today.minusMonths(24), today));

        // the withdrawn consent is shown and not retried; the broken meter is retried at its next slot
        var list = get("http://localhost:" + port() + "/api/v1/meters", ADMIN).body();
        assertThat(list).contains("CONSENT_REVOKED");
        enedis.requests.clear();
        enedis.failing.clear();
        clock.advance(Duration.ofMinutes(30));
        importer().importDue();
        assertThat(enedis.requests).noneMatch(r -> r.pointId().equals(revoked));
        assertThat(enedis.requests).anyMatch(r -> r.pointId().equals(broken) && r.status() == 200);
        assertThat(store().find(broken).orElseThrow().lastError()).isNull();
    }

    @Test
    void tokensAreRefreshedBeforeExpiryAndAnExpiredConsentIsShown() throws Exception {
        enedis.expiresIn = 120; // inside the renewal margin: every use renews it
        String id = "44444444444444";
        consent(id);
        enedis.throttleAfter(5);
        importer().importDue();
        assertThat(enedis.refreshGrants.get()).isPositive();
        assertThat(enedis.requests).noneMatch(r -> r.status() == 401);

        enedis.unthrottle();
        enedis.revoked.add(id); // the refresh token is refused from now on
        clock.advance(Duration.ofMinutes(1));
        importer().importDue();
        var meter = store().find(id).orElseThrow();
        assertThat(meter.status()).isEqualTo(Meter.Status.CONSENT_EXPIRED);
        assertThat(meter.lastError()).contains("invalid_grant");

        // a new consent makes it active again and resumes from its markers
        var marker = meter.markers().get(Series.LOAD_CURVE);
        consent(id);
        enedis.requests.clear();
        importer().importDue();
        assertThat(store().find(id).orElseThrow().status()).isEqualTo(Meter.Status.ACTIVE);
        assertThat(enedis.served("courbe_de_charge_consommation", id).getFirst().start()).isEqualTo(marker);
    }
}
