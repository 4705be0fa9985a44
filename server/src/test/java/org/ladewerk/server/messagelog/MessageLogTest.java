package org.ladewerk.server.messagelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.TestStation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Every OCPP frame is kept for the station page, newest first, and purged after the retention. */
@TestPropertySource(properties = "ladewerk.message-log.retention=2s")
class MessageLogTest extends ServerTest {

    @Autowired
    MessageLog messageLog;

    @Test
    void framesInAndOutAreLoggedNewestFirst() {
        String id = unique("LOG");
        try (TestStation station = station(id)) {
            station.call("BootNotification", Map.of("chargePointVendor", "Ladewerk", "chargePointModel", "Log"));
            station.call("Heartbeat", Map.of());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> messages(id, "").size() >= 4);
        JsonNode frames = messages(id, "");
        assertThat(frames.get(0).get("inbound").asBoolean()).isFalse();
        assertThat(frames.get(0).get("frame").asString()).startsWith("[3,").contains("currentTime");
        assertThat(frames.get(1).get("inbound").asBoolean()).isTrue();
        assertThat(frames.get(1).get("frame").asString()).contains("\"Heartbeat\"");
        assertThat(frames.get(3).get("frame").asString()).contains("\"BootNotification\"", "\"chargePointModel\":\"Log\"");
        assertThat(frames.get(0).get("at").asString()).endsWith("Z");

        JsonNode first = messages(id, "?limit=1");
        assertThat(first).hasSize(1);
        JsonNode older = messages(id, "?limit=2&beforeId=" + first.get(0).get("id").asLong());
        assertThat(older.get(0).get("frame").asString()).contains("\"Heartbeat\"");
        assertThat(api().get("/api/v1/stations/no-such-station/messages").status()).isEqualTo(404);
    }

    @Test
    void framesOlderThanTheRetentionArePurged() throws InterruptedException {
        String id = unique("PURGE");
        try (TestStation station = station(id)) {
            station.call("Heartbeat", Map.of());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> messages(id, "").size() >= 2);
        // frames younger than the cutoff stay; the cutoff comes from the frames themselves, not from how fast this machine is
        Instant oldest = messages(id, "").valueStream().map(f -> Instant.parse(f.get("at").asString())).min(Instant::compareTo).orElseThrow();
        messageLog.purgeBefore(oldest);
        assertThat(messages(id, "")).as("not older than the cutoff").hasSizeGreaterThanOrEqualTo(2);
        Thread.sleep(2500); // the retention (2 s) passes
        messageLog.purgeExpired();
        assertThat(messages(id, "")).isEmpty();
    }

    @Test
    void aRemovedStationsFramesAreGoneAndItStartsAfreshWhenItReturns() {
        String id = unique("GONE");
        try (TestStation station = station(id)) {
            station.call("Heartbeat", Map.of());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> messages(id, "").size() >= 2);
        assertThat(api().delete("/api/v1/stations/" + id).status()).isEqualTo(204);
        try (TestStation station = station(id)) {
            station.call("BootNotification", Map.of("chargePointVendor", "Ladewerk", "chargePointModel", "Again"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> messages(id, "").size() >= 2);
        assertThat(messages(id, "").valueStream().map(f -> f.get("frame").asString()))
                .as("only the frames after the removal").noneMatch(f -> f.contains("\"Heartbeat\""));
    }

    @Test
    void framesAreLoggedAgainAfterTheLogWasStoppedAndStarted() {
        // Spring stops and starts a context's lifecycle beans (a paused test context, a restart); the store must outlive a stop
        messageLog.stop();
        messageLog.start();
        String id = unique("AGAIN");
        try (TestStation station = station(id)) {
            station.call("Heartbeat", Map.of());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> messages(id, "").size() >= 2);
    }

    private JsonNode messages(String id, String query) {
        var response = api().get("/api/v1/stations/" + id + "/messages" + query);
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }
}
