package org.ladewerk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.Sessions;
import org.springframework.test.context.TestPropertySource;

/** Deleting stations over the API: one (refused while connected unless forced) and in bulk; their history goes with them. */
@TestPropertySource(properties = "spring.datasource.hikari.pool-name=station-removal") // its own database: bulk removal sees every station
class StationRemovalTest extends ServerTest {

    @Test
    void aConnectedStationIsRefusedUnlessForcedAndGoesWithItsHistory() {
        String id = unique("DEL");
        try (var station = station(id)) {
            int tx = Sessions.fullSession(station, api(), unique("T", 20));
            assertThat(api().get("/api/v1/transactions/" + tx).status()).isEqualTo(200);

            var refused = api().delete("/api/v1/stations/" + id);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.json().get("message").asString()).contains("force=true");
            assertThat(station.isOpen()).isTrue();

            assertThat(api().delete("/api/v1/stations/" + id + "?force=true").status()).isEqualTo(204);
            await().until(() -> !station.isOpen());
            assertThat(api().get("/api/v1/stations/" + id).status()).isEqualTo(404);
            assertThat(api().get("/api/v1/transactions/" + tx).status()).isEqualTo(404);
            assertThat(api().get("/api/v1/transactions?stationId=" + id).json()).isEmpty();
        }
        assertThat(api().delete("/api/v1/stations/" + id).status()).isEqualTo(404);
    }

    @Test
    void bulkRemovalTakesNeverBootedAndLongSilentStationsButNoConnectedOne() {
        String registered = unique("REG"); // known, never booted
        assertThat(api().put("/api/v1/stations/" + registered, "{}").status()).isEqualTo(201);
        String gone = unique("GONE"); // booted and charged, then disconnected
        try (var station = station(gone)) {
            Sessions.fullSession(station, api(), unique("T", 20));
        }
        String connected = unique("ON"); // connected, never booted
        try (var station = station(connected)) {
            await().until(() -> api().get("/api/v1/stations/" + connected).status() == 200);

            assertThat(api().delete("/api/v1/stations?neverBooted=false").status()).isEqualTo(400);
            assertThat(api().delete("/api/v1/stations?notSeenSince=yesterday").status()).isEqualTo(400);

            var neverBooted = api().delete("/api/v1/stations?neverBooted=true").json();
            assertThat(neverBooted.get("ids").valueStream().map(n -> n.asString())).contains(registered).doesNotContain(connected, gone);
            assertThat(api().get("/api/v1/stations/" + registered).status()).isEqualTo(404);

            await().until(() -> api().get("/api/v1/stations/" + gone).json().get("online").asBoolean() == false);
            var silent = api().delete("/api/v1/stations?notSeenSince=" + Instant.now().plusSeconds(1)).json();
            assertThat(silent.get("ids").valueStream().map(n -> n.asString())).contains(gone).doesNotContain(connected);
            assertThat(silent.get("deleted").asInt()).isEqualTo(silent.get("ids").size());
            assertThat(api().get("/api/v1/stations/" + gone).status()).isEqualTo(404);
            assertThat(api().get("/api/v1/transactions?stationId=" + gone).json()).isEmpty();
            assertThat(api().get("/api/v1/stations/" + connected).status()).isEqualTo(200);
            assertThat(station.isOpen()).isTrue();
        }
    }
}
