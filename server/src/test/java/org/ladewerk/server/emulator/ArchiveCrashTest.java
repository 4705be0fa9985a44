package org.ladewerk.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.server.LadewerkApplication;
import org.ladewerk.server.support.Api;
import org.ladewerk.server.support.EmmStandIn;
import org.ladewerk.server.support.RunningServer;
import org.ladewerk.server.support.TestStation;
import tools.jackson.databind.JsonNode;

/**
 * The CSV archive after a kill -9: a server in its own JVM archives sessions that four stations complete
 * as fast as they can, is killed mid-stream, and the restarted server brings the files in line with the
 * database: every completed session exactly once, no half line.
 */
class ArchiveCrashTest {

    @TempDir
    Path dataDir;

    @Test
    void archiveMatchesTheDatabaseAfterKillDashNine() throws Exception {
        int port = EmmStandIn.freePort();
        Path log = dataDir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LadewerkApplication.class.getName(),
                "--server.port=" + port, "--ladewerk.data-dir=" + dataDir,
                "--ladewerk.message-log.enabled=false")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        var stop = new AtomicBoolean();
        var drivers = new ArrayList<Thread>();
        try {
            var api = new Api(port);
            await().atMost(Duration.ofMinutes(3)).ignoreExceptions().until(() -> api.get("/api/v1/ping").status() == 200);
            for (int s = 0; s < 4; s++) {
                String id = "CP-CRASH-" + s;
                drivers.add(Thread.ofVirtual().start(() -> {
                    try (TestStation station = TestStation.connect(port, id)) {
                        station.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
                        while (!stop.get()) {
                            for (String status : List.of("Preparing", "Available"))
                                station.call("StatusNotification", Map.of("connectorId", 1, "errorCode", "NoError", "status", status,
                                        "timestamp", Instant.now().toString()));
                        }
                    } catch (RuntimeException | AssertionError e) {
                        // the server was killed under it
                    }
                }));
            }
            // let the archive get going, then kill the server in the middle of it
            await().atMost(Duration.ofMinutes(2)).until(() -> archivedLines() >= 40);
        } finally {
            child.destroyForcibly().waitFor();
            stop.set(true);
        }
        for (Thread t : drivers) t.join(Duration.ofSeconds(30));

        try (var server = RunningServer.start(Map.of("ladewerk.data-dir", dataDir.toString()))) {
            var api = server.api();
            // the killed server's archive lease (a minute) runs out first
            await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
                Set<Long> inDb = completedIds(api);
                List<Long> inFiles = archivedIds();
                assertThat(inFiles).doesNotHaveDuplicates();
                assertThat(new HashSet<>(inFiles)).isEqualTo(inDb);
            });
            assertThat(completedIds(api)).hasSizeGreaterThanOrEqualTo(40);
        }
        for (Path f : files()) {
            String text = Files.readString(f);
            assertThat(text).endsWith("\r\n");
            assertThat(text.lines().skip(1)).allSatisfy(line -> assertThat(line.split(",", -1)).hasSize(17));
        }
    }

    private Set<Long> completedIds(Api api) {
        var ids = new HashSet<Long>();
        for (int offset = 0; ; offset += 1000) {
            JsonNode page = api.get("/api/v1/charging-sessions?open=false&limit=1000&offset=" + offset).json();
            page.forEach(s -> ids.add(s.get("id").asLong()));
            if (page.size() < 1000) return ids;
        }
    }

    private List<Path> files() throws IOException {
        Path root = dataDir.resolve("charging-data");
        if (!Files.exists(root)) return List.of();
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".csv")).toList();
        }
    }

    private long archivedLines() throws IOException {
        long n = 0;
        for (Path f : files()) n += Files.readAllLines(f).size() - 1;
        return n;
    }

    private List<Long> archivedIds() throws IOException {
        var ids = new ArrayList<Long>();
        for (Path f : files())
            for (String line : Files.readAllLines(f).subList(1, Files.readAllLines(f).size())) ids.add(Long.parseLong(line.split(",")[0]));
        return ids;
    }
}
