package org.ladewerk.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.server.support.RunningServer;
import org.ladewerk.server.support.Sessions;
import org.ladewerk.server.support.TestStation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** The default H2 file store keeps everything across restarts, and shutdown loses nothing acknowledged. */
class DurabilityTest {

    @TempDir
    Path dataDir;

    private RunningServer start() {
        return RunningServer.start(Map.of("ladewerk.data-dir", dataDir.toString()));
    }

    @Test
    void dataSurvivesARestart() {
        int tx;
        try (var server = start(); var station = server.station("CP-RESTART")) {
            tx = Sessions.fullSession(station, server.api(), "RESTART-TAG");
            server.api().put("/api/v1/stations/CP-RESTART", "{\"password\":\"restart-password-1234\"}");
        }
        try (var server = start()) {
            JsonNode t = server.api().get("/api/v1/transactions/" + tx).json();
            assertThat(t.get("meterStopWh").asLong()).isEqualTo(3000);
            assertThat(t.get("samples")).hasSize(3);
            JsonNode s = server.api().get("/api/v1/stations/CP-RESTART").json();
            assertThat(s.get("vendor").asString()).isEqualTo("Ladewerk");
            assertThat(s.get("passwordSet").asBoolean()).isTrue();
            assertThat(s.get("online").asBoolean()).isFalse();
            assertThat(server.api().get("/api/v1/id-tags/RESTART-TAG").status()).isEqualTo(200);
        }
    }

    @Test
    void shutdownClosesStationsWith1001AndEveryAcknowledgedMessageIsStored() throws Exception {
        int acknowledged = 0;
        int sent = 2000;
        try (var server = start(); var station = server.station("CP-SHUTDOWN")) {
            int tx = station.call("StartTransaction", Map.of("connectorId", 1, "idTag", "X", "meterStart", 0,
                    "timestamp", Instant.now().toString())).get("transactionId").asInt();
            // Pipeline many MeterValues, then stop the server while they are being processed.
            for (int i = 0; i < sent; i++) {
                station.sendOnly("[2,\"mv" + i + "\",\"MeterValues\",{\"connectorId\":1,\"transactionId\":" + tx
                        + ",\"meterValue\":[{\"timestamp\":\"" + Instant.now() + "\",\"sampledValue\":[{\"value\":\"" + i + "\"}]}]}]");
            }
            var stopping = CompletableFuture.runAsync(server::close);
            ArrayNode frame;
            while ((frame = station.poll(Duration.ofSeconds(2))) != null) {
                assertThat(frame.get(0).asInt()).as("%s", frame).isEqualTo(3);
                acknowledged++;
            }
            assertThat(station.closeCode().get(10, TimeUnit.SECONDS)).isEqualTo(1001);
            stopping.get(30, TimeUnit.SECONDS);
        }
        try (var server = start()) {
            List<JsonNode> tx = server.api().get("/api/v1/transactions?stationId=CP-SHUTDOWN").json().valueStream().toList();
            int stored = server.api().get("/api/v1/transactions/" + tx.getFirst().get("id").asLong()).json().get("samples").size();
            System.out.printf("shutdown: %d of %d MeterValues acknowledged, %d stored%n", acknowledged, sent, stored);
            assertThat(stored).as("every acknowledged MeterValues is stored").isGreaterThanOrEqualTo(acknowledged);
            assertThat(acknowledged).isPositive();
        }
    }
}
