package org.ladewerk.server.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.live.LiveView;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.TestStation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Nobody reading status.json: the snapshot is not rebuilt meanwhile, and the next read is still current. */
@TestPropertySource(properties = "ladewerk.status.refresh=200ms")
class StatusIdleTest extends ServerTest {

    @Autowired
    LiveView live;

    @Test
    void afterAnIdleSpellTheFirstReadBuildsTheCurrentDocument() throws Exception {
        String id = unique("ST-IDLE");
        try (TestStation station = station(id)) {
            station.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
            await().atMost(Duration.ofSeconds(60)).until(() -> api().get("/api/v1/status.json").body().contains(id));
            // idle after 12 refreshes (2.4 s) without a read
            Thread.sleep(3000);
            station.call("StatusNotification", Map.of("connectorId", 1, "status", "Faulted", "errorCode", "GroundFailure"));
            await().atMost(Duration.ofSeconds(60)).until(() -> live.station(id).snapshot().toString().contains("GroundFailure"));
            // time for an (unwanted) rebuild by the refresher, which runs every 0.2 s
            Thread.sleep(1000);
            Instant asked = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            JsonNode doc = api().get("/api/v1/status.json").json();
            assertThat(doc.toString()).contains("GroundFailure");
            assertThat(Instant.parse(doc.get("generatedAt").asString())).as("built for this read, not by the refresher meanwhile")
                    .isAfterOrEqualTo(asked);
        }
    }
}
