package org.ladewerk.server.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.server.session.SessionStore;
import org.ladewerk.server.store.GroupCommitter;
import org.ladewerk.server.support.Api;
import org.ladewerk.server.support.AppServerTest;
import org.ladewerk.server.support.Sessions;
import org.ladewerk.server.support.TestStation;
import org.ladewerk.server.user.AppUser;
import org.ladewerk.server.user.Scope;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Sessions of two users at one station on three days drive the daily statistics, the per-user CSV and
 * the PDF log; the PDF is rendered with pdftoppm and its text (pdftotext) holds the right totals.
 */
class StatsAndLogsTest extends AppServerTest {

    @TempDir
    Path dir;

    @Autowired
    ChargingStats stats;
    @Autowired
    GroupCommitter store;
    @Autowired
    SessionStore sessionStore;

    private String station;
    private AppUser me;
    private AppUser other;

    /** A whole session: plugged in at {@code at}, charging {@code wh} in an hour, unplugged. */
    private static void session(TestStation s, String tag, String at, int wh) {
        Instant start = Instant.parse(at);
        s.call("StatusNotification", Map.of("connectorId", 1, "errorCode", "NoError", "status", "Preparing", "timestamp", start.toString()));
        int tx = s.call("StartTransaction", Map.of("connectorId", 1, "idTag", tag, "meterStart", 100_000, "timestamp",
                start.plusSeconds(60).toString())).get("transactionId").asInt();
        s.call("StopTransaction", Map.of("transactionId", tx, "idTag", tag, "meterStop", 100_000 + wh, "timestamp",
                start.plusSeconds(3660).toString(), "reason", "EVDisconnected"));
        s.call("StatusNotification", Map.of("connectorId", 1, "errorCode", "NoError", "status", "Available", "timestamp",
                start.plusSeconds(3720).toString()));
    }

    @BeforeEach
    void charge() {
        station = unique("ST");
        String a = unique("SA", 20);
        String b = unique("SB", 20);
        String c = unique("SC", 20);
        me = driver(List.of(a, b), station);
        other = driver(List.of(c), station);
        for (String tag : List.of(a, b, c)) assertThat(api().put("/api/v1/id-tags/" + tag, "{}").status()).isIn(200, 201);
        try (TestStation s = station(station)) {
            s.call("BootNotification", Map.of("chargePointVendor", "Ladewerk", "chargePointModel", "Test"));
            session(s, a, "2026-10-30T08:00:00Z", 5000);
            session(s, b, "2026-10-30T15:00:00Z", 2500);
            session(s, a, "2026-11-02T07:00:00Z", 7250);
            session(s, c, "2026-11-02T12:00:00Z", 1000);
        }
        await().until(() -> api().get("/api/v1/charging-sessions?open=false&station=" + station).json().size() == 4);
    }

    private List<String> rows(String query) {
        Api.Response r = api().get("/api/v1/stats?" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().valueStream().map(x -> x.get("period").asString() + " " + x.get("key").asString() + " "
                + x.get("sessions").asLong() + " " + x.get("energyWh").asLong()).toList();
    }

    @Test
    void statisticsPerDayAndMonthByUserAndStationAreCountedOncePerSession() {
        assertThat(rows("groupBy=day&by=user&key=" + me.username())).containsExactly(
                "2026-10-30 " + me.username() + " 2 7500", "2026-11-02 " + me.username() + " 1 7250");
        assertThat(rows("groupBy=month&by=station&key=" + station)).containsExactly(
                "2026-10 " + station + " 2 7500", "2026-11 " + station + " 2 8250");
        assertThat(rows("groupBy=month&by=user&from=2026-11-01&to=2026-11-30")).contains(
                "2026-11 " + me.username() + " 1 7250", "2026-11 " + other.username() + " 1 1000")
                .noneMatch(r -> r.startsWith("2026-10"));
        assertThat(rows("groupBy=day&by=tag&key=" + me.idTags().getFirst())).hasSize(2);

        // a completion reported twice (e.g. a retried store unit) is counted once
        var done = sessionStore.list(new SessionStore.Filter(station, null, null, null, false, 10, 0)).getFirst();
        store.submit(tx -> {
            stats.completed(tx, done);
            return null;
        }).join();
        assertThat(rows("groupBy=month&by=station&key=" + station)).containsExactly(
                "2026-10 " + station + " 2 7500", "2026-11 " + station + " 2 8250");

        assertThat(api().get("/api/v1/stats?groupBy=week").status()).isEqualTo(400);
        assertThat(api().get("/api/v1/stats?groupBy=day&by=user").json().valueStream()).isNotEmpty();
    }

    @Test
    void theDriversCsvHoldsOnlyItsOwnSessions() {
        Api.Response csv = api().send(asUser(me.username(), "/api/app/v1/sessions.csv").GET());
        assertThat(csv.status()).isEqualTo(200);
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.getFirst()).startsWith("id,stationId,");
        assertThat(String.join("\n", lines)).doesNotContain(other.idTags().getFirst());
        assertThat(api().send(asUser(me.username(), "/api/app/v1/sessions.csv?from=2026-11-01").GET()).body().lines()).hasSize(2);
        assertThat(api().send(asUser(me.username(), "/api/app/v1/sessions.csv", Scope.PRESETS_WRITE).GET()).status()).isEqualTo(403);
        assertThat(api().get("/api/v1/users/" + other.username() + "/sessions.csv").body().lines()).hasSize(2);
    }

    private byte[] pdf(HttpRequest.Builder request) throws Exception {
        try (var client = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> r = client.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("application/pdf");
            return r.body();
        }
    }

    /** Renders the PDF's first page with pdftoppm (it must open) and returns its text as pdftotext lays it out. */
    private String renderAndRead(byte[] pdf) throws IOException, InterruptedException {
        Path file = Files.write(dir.resolve("log-" + System.nanoTime() + ".pdf"), pdf);
        Path png = dir.resolve("page");
        run("pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", file.toString(), png.toString());
        assertThat(Files.list(dir).filter(p -> p.getFileName().toString().startsWith("page") && p.toString().endsWith(".png")))
                .singleElement().satisfies(p -> assertThat(Files.size(p)).isGreaterThan(1000));
        Path text = dir.resolve("log.txt");
        run("pdftotext", "-layout", file.toString(), text.toString());
        return Files.readString(text);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    private static String line(String text, String start) {
        return text.lines().map(String::strip).filter(l -> l.startsWith(start)).findFirst().orElseThrow(() -> new AssertionError(start + " in\n" + text));
    }

    @Test
    void theDriversPdfOpensAndHoldsTheRightTotals() throws Exception {
        String text = renderAndRead(pdf(asUser(me.username(), "/api/app/v1/sessions.pdf?from=2026-10-01&to=2026-11-30")));
        assertThat(text).contains("Charging log of " + me.username()).contains("Total: 3 sessions, 14.75 kWh");
        assertThat(line(text, "2026-10 ")).matches("2026-10\\s+2\\s+7\\.50");
        assertThat(line(text, "2026-11 ")).matches("2026-11\\s+1\\s+7\\.25");
        assertThat(text).contains("Energy per day (kWh)").doesNotContain(other.idTags().getFirst());

        // the admin's copy of another user's log, cut to November
        String november = renderAndRead(pdf(HttpRequest.newBuilder(api().uri("/api/v1/users/" + other.username()
                + "/sessions.pdf?from=2026-11-01")).header("Authorization", Api.ADMIN)));
        assertThat(november).contains("Total: 1 sessions, 1.00 kWh");

        assertThat(api().send(asUser(me.username(), "/api/app/v1/sessions.pdf?from=yesterday").GET()).status()).isEqualTo(400);
        assertThat(api().send(asUser(me.username(), "/api/app/v1/sessions.pdf", Scope.CHARGING_CONTROL).GET()).status()).isEqualTo(403);
    }
}
