package org.ladewerk.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.RunningServer;
import org.ladewerk.server.support.Sessions;
import tools.jackson.databind.JsonNode;

/** The same migrations and SQL on a real PostgreSQL server (embedded, nothing to install). */
class PostgresTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    private static RunningServer start() {
        return RunningServer.start(Map.of(
                "spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username", "postgres",
                "spring.datasource.password", ""));
    }

    @Test
    void fullSessionAndCommandsRunOnPostgresAndSurviveARestart() {
        int tx;
        try (var server = start(); var station = server.station("CP-PG")) {
            tx = Sessions.fullSession(station, server.api(), "PG-TAG");
            var retry = Map.of("connectorId", 1, "idTag", "PG-TAG", "meterStart", 7, "timestamp", "2026-11-01T08:00:00Z");
            int first = station.call("StartTransaction", retry).get("transactionId").asInt();
            assertThat(station.call("StartTransaction", retry).get("transactionId").asInt()).isEqualTo(first);
            station.answer("GetConfiguration", p -> Map.of("configurationKey",
                    java.util.List.of(Map.of("key", "MeterValueSampleInterval", "readonly", false, "value", "60"))));
            assertThat(server.api().post("/api/v1/ChargePoint/CP-PG/GetConfiguration", "{}").status()).isEqualTo(200);
            station.call("StatusNotification", Map.of("connectorId", 1, "errorCode", "NoError", "status", "Charging"));
        }
        try (var server = start()) {
            JsonNode t = server.api().get("/api/v1/transactions/" + tx).json();
            assertThat(t.get("energyWh").asLong()).isEqualTo(2000);
            assertThat(t.get("samples")).hasSize(3);
            assertThat(server.api().get("/api/v1/transactions?stationId=CP-PG").json()).hasSize(2);
            assertThat(server.api().get("/api/v1/stations/CP-PG/configuration").body()).contains("MeterValueSampleInterval");
            assertThat(server.api().get("/api/v1/stations/CP-PG").json().get("connectors").get(0).get("status").asString())
                    .isEqualTo("Charging");
            // the message log's blocks (message_log_block) outlive the restart; newest first
            JsonNode frames = server.api().get("/api/v1/stations/CP-PG/messages?limit=500").json();
            assertThat(frames.valueStream().map(f -> f.get("frame").asString())).anyMatch(f -> f.contains("\"StartTransaction\""));
            assertThat(frames.get(0).get("frame").asString()).startsWith("[3,");
            assertThat(frames.get(1).get("frame").asString()).contains("\"StatusNotification\"", "\"Charging\"");
            assertThat(frames.get(0).get("id").asLong()).isGreaterThan(frames.get(1).get("id").asLong());
        }
    }
}
