package org.ladewerk.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.server.support.RunningServer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A default start (H2 file in a fresh data dir) and a first look around (the API docs, Swagger UI,
 * a station connecting) must not alarm an operator: no warnings from Flyway, the schema validator
 * or springdoc, no stack traces, and nothing in H2's own trace file.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupLogTest {

    private static final List<String> QUIET_SOURCES = List.of("o.f.c.", "org.flywaydb", "c.n.s.", "com.networknt", "springdoc",
            "SpringDoc", "o.s.core.events");

    @TempDir
    Path dataDir;

    @Test
    void aDefaultStartAndTheApiDocsLogNoWarnings(CapturedOutput output) throws Exception {
        try (var server = RunningServer.start(Map.of("ladewerk.data-dir", dataDir.toString()))) {
            var api = server.api();
            assertThat(api.get("/v3/api-docs").status()).isEqualTo(200);
            assertThat(api.get("/v3/api-docs").status()).isEqualTo(200);
            var docs = api.send(HttpRequest.newBuilder(api.uri("/docs")).GET()); // redirects to Swagger UI's page
            assertThat(docs.status()).isEqualTo(302);
            try (var client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()) {
                var page = client.send(HttpRequest.newBuilder(api.uri("/docs")).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains("swagger-ui");
            }
            try (var station = server.station("QUIET-1")) {
                station.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
            }
            try (var again = server.station("QUIET-1")) { // a known station: its password is looked up
                again.call("Heartbeat", Map.of());
            }
        }
        List<String> alarming = output.getAll().lines()
                .filter(l -> (l.contains(" WARN ") || l.contains(" ERROR ")) && QUIET_SOURCES.stream().anyMatch(l::contains)).toList();
        assertThat(alarming).as("warnings from Flyway, the schema validator or springdoc").isEmpty();
        assertThat(output.getAll()).doesNotContain("Graceful exception", "Unknown keyword");
        assertThat(output.getAll().lines().filter(l -> l.startsWith("\tat ")).toList()).as("stack traces in the log").isEmpty();
        // written by H2 itself, e.g. for a failed statement or a connection used after the compaction at shutdown
        Path trace = dataDir.resolve("ladewerk.trace.db");
        assertThat(trace).as(() -> "H2's trace file: " + read(trace)).doesNotExist();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
