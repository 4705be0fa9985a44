package org.ladewerk.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.RunningServer;
import org.springframework.jdbc.core.JdbcTemplate;

/** Health tells the truth about the database: DOWN once it can no longer commit, as after H2 closed itself. */
class DatabaseHealthTest {

    @Test
    void healthTurnsDownWhenTheDatabaseStopsCommitting() throws Exception {
        try (var server = RunningServer.start(Map.of("spring.datasource.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"))) {
            var api = server.api();
            assertThat(api.get("/actuator/health").status()).isEqualTo(200);
            // connections stay valid, but no other session gets a statement through: unusable for the stations
            try (Connection exclusive = server.context().getBean(DataSource.class).getConnection();
                 Statement statement = exclusive.createStatement()) {
                statement.execute("SET EXCLUSIVE 1");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.get("/actuator/health").status()).isEqualTo(503));
                statement.execute("SET EXCLUSIVE 0");
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.get("/actuator/health").status()).isEqualTo(200));
        }
    }

    @Test
    void healthTurnsDownWhenTheDatabaseIsClosed() {
        try (var server = RunningServer.start(Map.of("spring.datasource.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"))) {
            var api = server.api();
            assertThat(api.get("/actuator/health").status()).isEqualTo(200);
            try (var station = server.station("cp-health")) {
                assertThat(station.call("Heartbeat", Map.of()).has("currentTime")).isTrue();
            }
            // what H2 does on a fatal error (an OutOfMemoryError while writing): the database closes
            server.context().getBean(JdbcTemplate.class).execute("SHUTDOWN");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var health = api.get("/actuator/health");
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.json().get("status").asString()).isEqualTo("DOWN");
            });
        }
    }
}
