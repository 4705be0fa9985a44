package org.ladewerk.server.integration.nrgkick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.MutableClock;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.site.SiteModel;
import org.ladewerk.server.site.SiteQuantity;
import org.ladewerk.server.support.RunningServer;
import tools.jackson.databind.JsonNode;

/**
 * The NRGkick Custom API as a wallbox polls it: a real HTTP client against the listener of a running
 * server, the documents compared with the documented example layout (the same keys, nesting and JSON
 * types), wrong paths and methods refused as documented, and stale values left out.
 */
class NrgkickTest {

    @Test
    void aWallboxPollsValuesAndInfoInTheDocumentedLayout() throws Exception {
        try (var server = RunningServer.start(Map.ofEntries(
                Map.entry("spring.datasource.url", "jdbc:h2:mem:nrgkick;DB_CLOSE_DELAY=-1"),
                Map.entry("ladewerk.nrgkick.port", 0),
                Map.entry("ladewerk.nrgkick.host", "127.0.0.1"),
                Map.entry("ladewerk.nrgkick.inverters[0].name", "Roof"),
                Map.entry("ladewerk.nrgkick.inverters[0].model", "SUN 10K"),
                Map.entry("ladewerk.nrgkick.inverters[0].serial", "INV-1"),
                Map.entry("ladewerk.nrgkick.inverters[0].max-dc-w", 10000),
                Map.entry("ladewerk.nrgkick.inverters[0].max-ac-w", 9000),
                Map.entry("ladewerk.nrgkick.energy-meters[0].name", "Grid meter"),
                Map.entry("ladewerk.nrgkick.energy-meters[0].model", "EM 3"),
                Map.entry("ladewerk.nrgkick.energy-meters[0].serial", "MTR-1"),
                Map.entry("ladewerk.nrgkick.energy-meters[0].location", 1),
                Map.entry("ladewerk.nrgkick.battery.name", "Home battery"),
                Map.entry("ladewerk.nrgkick.battery.model", "B 10"),
                Map.entry("ladewerk.nrgkick.battery.serial", "BAT-1"),
                Map.entry("ladewerk.nrgkick.battery.capacity-wh", 10000),
                Map.entry("ladewerk.site.static-values.pv.power", 4869.4),
                Map.entry("ladewerk.site.static-values.grid.power", -4151),
                Map.entry("ladewerk.site.static-values.battery.power", -5),
                Map.entry("ladewerk.site.static-values.battery.soc", 100),
                Map.entry("ladewerk.site.static-values.house.power", 718)))) {
            int port = server.context().getBean(NrgkickListener.class).port();
            String base = "http://127.0.0.1:" + port;

            try (var http = HttpClient.newHttpClient()) {
                JsonNode values = await().atMost(Duration.ofSeconds(30)).until(() -> get(http, base + "/api/v1/values.json"),
                        v -> v.at("/device_values/load_power_w").isNumber());
                assertThat(layout(values)).isEqualTo(layout(example("values-example.json")));
                assertThat(values.at("/device_values/inverters/0/inv_power_ac_w").asLong()).isEqualTo(4869);
                assertThat(values.at("/device_values/energy_meters/0/grid_power_w").asLong()).isEqualTo(-4151);
                assertThat(values.at("/device_values/batteries/0/bat_power_w").asLong()).isEqualTo(-5);
                assertThat(values.at("/device_values/batteries/0/soc").asLong()).isEqualTo(100);
                assertThat(values.at("/device_values/load_power_w").asLong()).isEqualTo(718);

                JsonNode info = get(http, base + "/api/v1/info.json");
                assertThat(layout(info)).isEqualTo(layout(example("info-example.json")));
                assertThat(info.at("/device_info/inverters/0/max_ac_w").asInt()).isEqualTo(9000);
                assertThat(info.at("/device_info/energy_meters/0/location").asInt()).isEqualTo(1);

                assertThat(send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/other.json")).GET()).statusCode()).isEqualTo(404);
                var post = send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/values.json")).POST(HttpRequest.BodyPublishers.ofString("{}")));
                assertThat(post.statusCode()).isEqualTo(405);
                assertThat(post.headers().firstValue("Allow")).hasValue("GET");
            }
        }
    }

    @Test
    void staleValuesAreLeftOut() {
        var clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
        var model = new SiteModel(clock, Duration.ofSeconds(60));
        var documents = new NrgkickDocuments(new NrgkickProperties(null, "127.0.0.1", List.of(), List.of(), null, null));
        model.update(SiteQuantity.PV_POWER, 3000, "test");
        model.update(SiteQuantity.GRID_POWER, 100, "test");
        clock.now = clock.now.plusSeconds(45);
        model.update(SiteQuantity.GRID_POWER, 200, "test");
        clock.now = clock.now.plusSeconds(30); // PV is 75 s old, grid 30 s

        JsonNode values = Json.mapper().readTree(documents.values(model.view()));
        assertThat(values.at("/device_values/inverters/0/inv_power_ac_w").isMissingNode()).isTrue();
        assertThat(values.at("/device_values/inverters/0/battery_connected").asBoolean()).isFalse();
        assertThat(values.at("/device_values/energy_meters/0/grid_power_w").asLong()).isEqualTo(200);
        assertThat(values.at("/device_values/load_power_w").isMissingNode()).as("house cannot be derived without fresh PV").isTrue();
    }

    private static JsonNode get(HttpClient http, String url) throws IOException, InterruptedException {
        var r = send(http, HttpRequest.newBuilder(URI.create(url)).GET());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return Json.mapper().readTree(r.body());
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode example(String name) throws IOException {
        try (InputStream in = NrgkickTest.class.getResourceAsStream("/nrgkick/" + name)) {
            return Json.mapper().readTree(in);
        }
    }

    /** Every leaf path with its JSON type, e.g. /device_values/inverters/0/inv_power_ac_w → NUMBER. */
    private static Map<String, String> layout(JsonNode node) {
        var out = new TreeMap<String, String>();
        walk("", node, out);
        return out;
    }

    private static void walk(String path, JsonNode node, Map<String, String> out) {
        if (node.isObject()) node.properties().forEach(e -> walk(path + "/" + e.getKey(), e.getValue(), out));
        else out.put(path, node.getNodeType().name());
    }
}
