package org.ladewerk.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.server.support.Api;
import org.ladewerk.server.support.TestStation;
import tools.jackson.databind.JsonNode;

/**
 * kill -9 at full ingest rate loses nothing acknowledged: the server runs in its own JVM, many
 * stations send MeterValues as fast as they are answered (one call in flight each, as OCPP-J allows),
 * the process is killed without warning, and after a restart on the same database every MeterValues
 * that was answered with a CALLRESULT is stored. On the H2 file and on PostgreSQL.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES) // two server JVMs start per test, slow on a busy machine
class KillDurabilityTest {

    private static final int STATIONS = 100;

    @TempDir
    Path dataDir;

    @Test
    void killMinus9AtFullRateLosesNothingAcknowledgedOnH2() throws Exception {
        killDuringIngestAndCheck(List.of());
    }

    @Test
    void killMinus9AtFullRateLosesNothingAcknowledgedOnPostgres() throws Exception {
        // synchronous_commit on, PostgreSQL's default (the embedded builder turns it off)
        try (var postgres = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start()) {
            killDuringIngestAndCheck(List.of("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres", "--spring.datasource.password="));
        }
    }

    private void killDuringIngestAndCheck(List<String> database) throws Exception {
        var acknowledged = new ConcurrentHashMap<Integer, Set<Integer>>();
        var transactions = new ConcurrentHashMap<Integer, Integer>();
        var running = new AtomicBoolean(true);
        var stations = new ArrayList<TestStation>();
        var threads = new ArrayList<Thread>();
        Process server = start(database);
        try {
            int port = portOf(server);
            for (int i = 0; i < STATIONS; i++) {
                var station = TestStation.connect(port, "KILL-" + i);
                stations.add(station);
                int n = i;
                transactions.put(n, station.call("StartTransaction", Map.of("connectorId", 1, "idTag", "KILL", "meterStart", 0,
                        "timestamp", Instant.now().toString())).get("transactionId").asInt());
                acknowledged.put(n, ConcurrentHashMap.newKeySet());
                threads.add(Thread.ofVirtual().start(() -> sendUntilKilled(station, transactions.get(n), acknowledged.get(n), running)));
            }
            // let the load run until a good number is acknowledged, then kill without warning
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (total(acknowledged) < 20 * STATIONS && System.nanoTime() < deadline) Thread.sleep(100);
        } finally {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            running.set(false);
            stations.forEach(TestStation::abort);
            for (Thread t : threads) t.join(Duration.ofSeconds(30));
        }
        int sent = total(acknowledged);
        assertThat(sent).as("MeterValues acknowledged before the kill").isGreaterThan(STATIONS);

        Process again = start(database);
        try {
            var api = new Api(portOf(again));
            for (var e : transactions.entrySet()) {
                JsonNode samples = api.get("/api/v1/transactions/" + e.getValue()).json().get("samples");
                Set<Integer> stored = new HashSet<>();
                samples.forEach(s -> stored.add(Integer.parseInt(s.get("value").asString())));
                assertThat(stored).as("station KILL-%d: every acknowledged MeterValues is stored", e.getKey())
                        .containsAll(acknowledged.get(e.getKey()));
            }
            System.out.printf("kill -9 at full rate: %d MeterValues acknowledged from %d stations, all stored%n", sent, STATIONS);
        } finally {
            again.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void sendUntilKilled(TestStation station, int transaction, Set<Integer> acknowledged, AtomicBoolean running) {
        for (int i = 1; running.get(); i++) {
            try {
                var answer = station.callFrame("MeterValues", Map.of("connectorId", 1, "transactionId", transaction, "meterValue", List.of(
                        Map.of("timestamp", Instant.now().toString(), "sampledValue", List.of(Map.of("value", Integer.toString(i)))))));
                if (answer.get(0).asInt() == 3) acknowledged.add(i);
            } catch (RuntimeException | AssertionError e) {
                return; // the server is gone
            }
        }
    }

    private static int total(Map<Integer, Set<Integer>> acknowledged) {
        return acknowledged.values().stream().mapToInt(Set::size).sum();
    }

    private final Map<Process, Integer> ports = new ConcurrentHashMap<>();

    /** The server in its own JVM, from the test classpath, on a free port and this test's data directory. */
    private Process start(List<String> database) throws IOException, InterruptedException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), LadewerkApplication.class.getName(), "--server.port=" + port,
                "--ladewerk.data-dir=" + dataDir, "--ladewerk.authorization.unknown-id-tags=accept"));
        cmd.addAll(database);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dataDir.resolve("server-" + port + ".log").toFile()).start();
        ports.put(p, port);
        var api = new Api(port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("server started, see %s", dataDir).isTrue();
            try {
                if (api.get("/actuator/health").status() == 200) return p;
            } catch (RuntimeException | AssertionError e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        p.destroyForcibly();
        throw new AssertionError("server did not start within 240 s");
    }

    private int portOf(Process p) {
        return ports.get(p);
    }
}
