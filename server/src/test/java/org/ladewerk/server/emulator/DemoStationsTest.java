package org.ladewerk.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.server.support.RunningServer;
import tools.jackson.databind.JsonNode;

/** The demo: emulated stations inside the server boot and charge, and end their sessions when the server stops. */
class DemoStationsTest {

    @TempDir
    Path dataDir;

    @Test
    void demoStationsChargeAndStopCleanlyWithTheServer() {
        var demo = Map.<String, Object>of("ladewerk.data-dir", dataDir.toString(), "ladewerk.demo.enabled", true,
                "ladewerk.demo.stations", 2, "ladewerk.demo.first-session-within", "2s", "ladewerk.demo.meter-interval", "2s");
        try (var server = RunningServer.start(demo)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<JsonNode> stations = server.api().get("/api/v1/stations?q=DEMO-").json().valueStream().toList();
                assertThat(stations).extracting(s -> s.get("id").asString()).containsExactlyInAnyOrder("DEMO-1", "DEMO-2");
                assertThat(stations).allSatisfy(s -> assertThat(s.get("online").asBoolean()).isTrue());
                assertThat(stations.stream().flatMap(s -> s.get("connectors").valueStream()).map(c -> c.get("status").asString()))
                        .contains("Charging");
            });
            JsonNode open = server.api().get("/api/v1/transactions?open=true").json().get(0);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(server.api()
                    .get("/api/v1/transactions/" + open.get("id").asLong()).json().get("samples")).isNotEmpty());
            assertThat(open.get("idTag").asString()).startsWith("DEMO-TAG-");
        }
        assertThat(Files.exists(dataDir.resolve("demo-stations/DEMO-1/configuration.json"))).isTrue();
        try (var server = RunningServer.start(Map.of("ladewerk.data-dir", dataDir.toString()))) {
            List<JsonNode> all = server.api().get("/api/v1/transactions").json().valueStream().toList();
            assertThat(all).isNotEmpty().allSatisfy(t -> {
                assertThat(t.get("open").asBoolean()).isFalse();
                assertThat(t.get("stopReason").asString()).isIn("PowerLoss", "EVDisconnected");
            });
            assertThat(server.api().get("/api/v1/stations/DEMO-1").json().get("online").asBoolean()).as("demo off by default in tests").isFalse();
        }
    }
}
