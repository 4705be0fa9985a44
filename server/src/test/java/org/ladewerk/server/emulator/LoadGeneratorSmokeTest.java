package org.ladewerk.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.simulator.load.LoadGenerator;
import org.ladewerk.simulator.load.LoadOptions;
import org.ladewerk.simulator.load.LoadReport;
import tools.jackson.databind.JsonNode;

/** A tiny load run against the real server: every station boots and charges, and the summary adds up. */
class LoadGeneratorSmokeTest extends ServerTest {

    private static final List<String> MEASURANDS = List.of("Energy.Active.Import.Register", "Power.Active.Import");

    @TempDir
    Path dir;

    @Test
    void aSmallLoadRunMeasuresWhatTheServerStored() throws Exception {
        String prefix = unique("SMK", 12) + "-"; // the load generator derives each station's tag from the first 12 letters and digits
        // the server rejects unknown tags here: register the ones the stations will present
        for (int i = 1; i <= 20; i++) {
            String tag = prefix.replaceAll("[^A-Za-z0-9]", "") + "T" + Integer.toString(i, 36).toUpperCase();
            api().put("/api/v1/id-tags/" + tag, "{\"status\":\"Accepted\"}");
        }
        Path reportFile = dir.resolve("load.json");
        var out = new ByteArrayOutputStream();
        // two target addresses: half the stations connect to 127.0.0.2, which the server listens on too
        LoadReport r = LoadGenerator.run(new LoadOptions("ws://127.0.0.1:" + port + "/ocpp", 20, 0, 0, 2, 1, Duration.ofSeconds(300),
                Duration.ofMillis(250), true, 0, MEASURANDS, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(2),
                false, prefix, null, null, reportFile), new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("BOOTED stations=20", "DONE");
        assertThat(r.accepted()).isEqualTo(20);
        assertThat(r.peakConnected()).isEqualTo(20);
        assertThat(r.bootStormSeconds()).isNotNull();
        // the boots are answered before the StatusNotifications that follow them
        assertThat(r.acceptedSeconds()).isNotNull().isLessThanOrEqualTo(r.bootStormSeconds());
        assertThat(r.errors()).isZero();
        assertThat(r.problems()).isEmpty();
        assertThat(r.windowAnswered()).isPositive();
        assertThat(r.byAction()).containsKey("MeterValues");
        assertThat(r.latency().p50()).isLessThanOrEqualTo(r.latency().p99());
        assertThat(r.latency().p99()).isLessThanOrEqualTo(r.latency().max());
        assertThat(Json.mapper().readValue(Files.readString(reportFile), LoadReport.class).stations()).isEqualTo(20);

        // what the generator counts as answered, the server has stored: one open transaction per station, with samples
        List<JsonNode> open = api().get("/api/v1/transactions?open=true&limit=1000").json().valueStream()
                .filter(t -> t.get("stationId").asString().startsWith(prefix)).toList();
        assertThat(open).hasSize(20);
        assertThat(api().get("/api/v1/transactions/" + open.getFirst().get("id").asLong()).json().get("samples")).isNotEmpty();
    }

    @Test
    void stationsPresentThePasswordTheServerHasForThem() throws Exception {
        String prefix = unique("PWD", 12) + "-";
        String password = "load-password-0001";
        for (int i = 1; i <= 3; i++) {
            String id = LoadGenerator.stationId(prefix, i);
            assertThat(api().put("/api/v1/stations/" + id, "{\"password\":\"" + password + "\"}").status()).isEqualTo(201);
        }
        LoadReport r = LoadGenerator.run(new LoadOptions("ws://127.0.0.1:" + port + "/ocpp", 3, 0, 0, 1, 1, Duration.ofSeconds(300),
                Duration.ofMillis(250), false, 0, MEASURANDS, Duration.ofSeconds(20), Duration.ofSeconds(0), Duration.ofSeconds(1),
                false, prefix, null, password, null), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(r.accepted()).isEqualTo(3);
        assertThat(r.errors()).isZero();
    }

    @Test
    void aRunWhoseTagsAreRefusedFailsLoudlyInsteadOfReportingZeroThroughput() throws Exception {
        String prefix = unique("REJ", 12) + "-";
        String unknownTag = unique("NOPE", 20); // never registered; the server rejects unknown tags
        var out = new ByteArrayOutputStream();
        LoadReport r = LoadGenerator.run(new LoadOptions("ws://127.0.0.1:" + port + "/ocpp", 2, 0, 0, 1, 1, Duration.ofSeconds(300),
                Duration.ofMillis(250), true, 0, MEASURANDS, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(1),
                false, prefix, unknownTag, null, null), new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(r.accepted()).isEqualTo(2);
        assertThat(r.rejectedTags()).isGreaterThanOrEqualTo(2);
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("id tag presentations were rejected"));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("PROBLEM ");
    }
}
