package org.ladewerk.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.LadewerkApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The demo launcher: its emulated stations boot and charge, end their sessions when it stops, and
 * the server started on its own (the production jar) adds no demo data and runs no demo station.
 */
class DemoStationsTest {

    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dataDir;

    @Test
    void demoStationsChargeAndStopCleanlyWithTheLauncher() throws Exception {
        try (var demo = start(true, "--ladewerk.demo.stations=2", "--ladewerk.demo.first-session-within=2s", "--ladewerk.demo.meter-interval=2s")) {
            int port = port(demo);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<JsonNode> stations = get(port, "/api/v1/stations?q=DEMO-").valueStream().toList();
                assertThat(stations).extracting(s -> s.get("id").asString()).containsExactlyInAnyOrder("DEMO-1", "DEMO-2");
                assertThat(stations).allSatisfy(s -> assertThat(s.get("online").asBoolean()).isTrue());
                assertThat(stations.stream().flatMap(s -> s.get("connectors").valueStream()).map(c -> c.get("status").asString()))
                        .contains("Charging");
            });
            JsonNode open = get(port, "/api/v1/transactions?open=true").get(0);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(get(port, "/api/v1/transactions/" + open.get("id").asLong()).get("samples")).isNotEmpty());
            assertThat(open.get("idTag").asString()).startsWith("DEMO-TAG-");
            JsonNode emulatorTag = get(port, "/api/v1/id-tags/" + DemoStations.EMULATOR_TAG);
            assertThat(emulatorTag.get("status").asString()).isEqualTo("Accepted");
            assertThat(emulatorTag.get("maxActiveTransactions").asInt()).isGreaterThan(1000);
        }
        assertThat(Files.exists(dataDir.resolve("demo-stations/DEMO-1/configuration.json"))).isTrue();

        try (var server = start(false)) {
            int port = port(server);
            List<JsonNode> all = get(port, "/api/v1/transactions").valueStream().toList();
            assertThat(all).isNotEmpty().allSatisfy(t -> {
                assertThat(t.get("open").asBoolean()).isFalse();
                assertThat(t.get("stopReason").asString()).isIn("PowerLoss", "EVDisconnected");
            });
            assertThat(get(port, "/api/v1/stations/DEMO-1").get("online").asBoolean()).as("the server alone runs no demo station").isFalse();
        }
    }

    @Test
    void theServerAloneWritesNoDemoData() throws Exception {
        try (var server = start(false)) {
            int port = port(server);
            assertThat(get(port, "/api/v1/stations")).isEmpty();
            assertThat(get(port, "/api/v1/id-tags")).isEmpty();
        }
    }

    @Test
    void theLauncherWithTheDemoOffIsThePlainServer() throws Exception {
        try (var launcher = start(true, "--ladewerk.demo.enabled=false")) {
            assertThat(launcher.getBeansOfType(DemoStations.class)).isEmpty();
            assertThat(get(port(launcher), "/api/v1/id-tags")).isEmpty();
        }
    }

    /** The demo launcher ({@code withDemo}) or the server as its own jar starts it, on a random port and this test's data dir. */
    private ConfigurableApplicationContext start(boolean withDemo, String... extra) {
        var args = new java.util.ArrayList<>(List.of("--server.port=0", "--ladewerk.data-dir=" + dataDir, "--ladewerk.ocpp.response-timeout=2s"));
        args.addAll(List.of(extra));
        var builder = withDemo ? new SpringApplicationBuilder(LadewerkApplication.class, LadewerkDemo.class)
                : new SpringApplicationBuilder(LadewerkApplication.class);
        return builder.run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static JsonNode get(int port, String path) throws Exception {
        try (var client = HttpClient.newHttpClient()) {
            var response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", ADMIN).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
            return Json.mapper().readTree(response.body());
        }
    }
}
