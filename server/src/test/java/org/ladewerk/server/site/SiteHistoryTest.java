package org.ladewerk.server.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.TestStation;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Snapshots stored at the configured interval from the in-memory model, read back through the history
 * API, and OCPP stations as site meters: a grid meter at connector 0 and an EVSE's power, both from a
 * station's MeterValues.
 */
@TestPropertySource(properties = {
        "ladewerk.site.snapshot-interval=1s",
        "ladewerk.site.static-values.pv.power=2500",
        "ladewerk.site.static-values.battery.soc=64",
        "ladewerk.site.grid-meter=GRID-METER"})
class SiteHistoryTest extends ServerTest {

    @Test
    void snapshotsAreStoredAtTheIntervalAndServedAsHistory() {
        Instant from = Instant.now().minusSeconds(5);
        List<JsonNode> points = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            points.clear();
            api().get("/api/v1/site/history?from=" + from).json().get("points").forEach(points::add);
            return points.size() >= 3;
        });
        for (int i = 0; i < points.size(); i++) {
            Instant at = Instant.parse(points.get(i).get("at").asString());
            assertThat(at.toEpochMilli() % 1000).as("slot start").isZero();
            if (i > 0) assertThat(at).isAfter(Instant.parse(points.get(i - 1).get("at").asString()));
            assertThat(points.get(i).at("/values/pv.power").asDouble()).isEqualTo(2500);
            assertThat(points.get(i).at("/values/battery.soc").asDouble()).isEqualTo(64);
            assertThat(points.get(i).at("/values/grid.power").isNull()).as("unknown, stored as null").isTrue();
        }

        // one bucket per hour: all of them averaged into one or two points
        JsonNode hourly = api().get("/api/v1/site/history?from=" + from + "&step=1h").json();
        assertThat(hourly.get("step").asString()).isEqualTo("PT1H");
        assertThat(hourly.get("points").size()).isBetween(1, 2);
        assertThat(hourly.at("/points/0/values/pv.power").asDouble()).isEqualTo(2500);

        assertThat(api().get("/api/v1/site/history?step=soon").status()).isEqualTo(400);
        assertThat(api().get("/api/v1/site/history?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z").status()).isEqualTo(400);
        assertThat(api().get("/api/v1/site/history?from=2020-01-01T00:00:00Z&step=1s").status()).as("too many points").isEqualTo(400);
    }

    @Test
    void ocppMeterValuesFeedTheGridMeterAndChargePoints() {
        String wallboxId = unique("WB");
        try (TestStation grid = station("GRID-METER"); TestStation wallbox = station(wallboxId)) {
            boot(grid);
            boot(wallbox);
            grid.call("MeterValues", Map.of("connectorId", 0, "meterValue", List.of(Map.of("timestamp", Instant.now().toString(),
                    "sampledValue", List.of(
                            Map.of("value", "0.4", "measurand", "Power.Active.Import", "unit", "kW"),
                            Map.of("value", "1700", "measurand", "Power.Active.Export", "unit", "W"),
                            Map.of("value", "98765", "measurand", "Energy.Active.Import.Register", "unit", "Wh"))))));
            wallbox.call("MeterValues", Map.of("connectorId", 1, "meterValue", List.of(Map.of("timestamp", Instant.now().toString(),
                    "sampledValue", List.of(
                            Map.of("value", "2300", "measurand", "Power.Active.Import", "unit", "W", "phase", "L1-N"),
                            Map.of("value", "2300", "measurand", "Power.Active.Import", "unit", "W", "phase", "L2-N"),
                            Map.of("value", "5000", "measurand", "Energy.Active.Import.Register", "unit", "Wh"))))));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode site = api().get("/api/v1/site").json();
                assertThat(site.at("/grid/power/value").asDouble()).isEqualTo(400 - 1700);
                assertThat(site.at("/grid/importEnergy/value").asDouble()).isEqualTo(98765);
                assertThat(site.at("/grid/power/source").asString()).isEqualTo("ocpp");
                JsonNode cp = null;
                for (JsonNode c : site.get("chargePoints")) if (c.get("id").asString().equals(wallboxId + "/1")) cp = c;
                assertThat(cp).isNotNull();
                assertThat(cp.at("/power/value").asDouble()).isEqualTo(4600);
                assertThat(cp.at("/energy/value").asDouble()).isEqualTo(5000);
            });
        }
    }

    private static void boot(TestStation s) {
        s.call("BootNotification", Map.of("chargePointVendor", "Test", "chargePointModel", "Meter"));
    }
}
