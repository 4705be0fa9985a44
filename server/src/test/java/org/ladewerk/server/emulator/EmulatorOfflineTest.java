package org.ladewerk.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.server.support.Api;
import org.ladewerk.server.support.RunningServer;
import org.ladewerk.simulator.Emulator;
import org.ladewerk.simulator.ev.Ev;
import org.ladewerk.simulator.ev.EvCatalog;
import org.ladewerk.simulator.link.CallObserver;
import org.ladewerk.simulator.link.LinkOptions;
import org.ladewerk.simulator.station.Behaviour;
import org.ladewerk.simulator.station.ChargePoint;
import org.ladewerk.simulator.station.ConnectorStatus;
import tools.jackson.databind.JsonNode;

/**
 * Offline like a real charger: the central system goes away (restarted on the same H2 file and
 * port) or the socket is cut; the station keeps charging, queues its transaction messages,
 * reconnects and replays them in order, and the central system ends up with each transaction
 * exactly once, each stop exactly once and every meter sample.
 */
class EmulatorOfflineTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path stations;

    /** Answers per action, as the station saw them. */
    private final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();

    private final CallObserver counting = new CallObserver() {
        @Override
        public void answered(String action, long nanos, boolean error) {
            if (!error) answered.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
        }
    };

    private Emulator emulator(int port) {
        return new Emulator(Emulator.Options.defaults()
                .withUrl("ws://127.0.0.1:" + port + "/ocpp")
                .withSchemas(Emulators.SCHEMAS)
                .withObserver(counting)
                .withLink(LinkOptions.defaults().withResponseTimeout(Duration.ofSeconds(5))
                        .withReconnect(Duration.ofMillis(200), Duration.ofSeconds(1)))
                .withTimings(Duration.ofMillis(300), Duration.ofMillis(200)));
    }

    private RunningServer server(int port) {
        return RunningServer.start(Map.of("ladewerk.data-dir", dataDir.toString(), "server.port", port));
    }

    @Test
    void chargingGoesOnThroughARestartOfTheCentralSystemAndNothingIsLostOrDuplicated() throws Exception {
        int port = freePort();
        String tag = "OFFLINE-TAG";
        RunningServer server = server(port);
        try (Emulator emulator = emulator(port)) {
            server.api().put("/api/v1/id-tags/" + tag, "{\"status\":\"Accepted\",\"maxActiveTransactions\":2}");
            ChargePoint cp = emulator.add(Emulators.folder(stations, "CP-OFFLINE", 2, Map.of()), Behaviour.manual());
            cp.start();
            Emulators.awaitAccepted(cp);
            // online: authorized by the central system, which also fills the station's cache
            cp.startSession(1, new Ev(EvCatalog.FAMILY, 20, 90), tag).get();
            await().until(() -> cp.connector(1).transactionId() != null);
            int first = cp.connector(1).transactionId();
            await().until(() -> answered("MeterValues") >= 2);

            server.close();
            await().until(() -> !cp.online());
            // offline: the session goes on, the driver leaves, a second one starts on the cached tag
            Thread.sleep(2500);
            assertThat(cp.connector(1).status()).isEqualTo(ConnectorStatus.Charging);
            cp.unplug(1).get();
            cp.startSession(2, new Ev(EvCatalog.COMPACT, 40, 80), tag).get();
            await().until(() -> cp.connector(2).status() == ConnectorStatus.Charging);
            Thread.sleep(2500);
            assertThat(cp.connector(2).transactionId()).as("no transaction id without the central system").isNull();
            assertThat(cp.backlog()).as("stop, start and meter values wait in the queue").isGreaterThanOrEqualTo(6);
            long firstStopWh = cp.configuration().snapshot().connectorId().getFirst().meterValue();

            server = server(port);
            Api api = server.api();
            await().atMost(Duration.ofSeconds(30)).until(() -> cp.online() && cp.backlog() == 0 && cp.connector(2).transactionId() != null);
            int second = cp.connector(2).transactionId();
            assertThat(second).isNotEqualTo(first);

            List<JsonNode> txs = api.get("/api/v1/transactions?stationId=CP-OFFLINE").json().valueStream().toList();
            assertThat(txs).extracting(t -> t.get("id").asInt()).containsExactlyInAnyOrder(first, second);
            JsonNode stopped = api.get("/api/v1/transactions/" + first).json();
            assertThat(stopped.get("stopReason").asString()).isEqualTo("EVDisconnected");
            assertThat(stopped.get("meterStopWh").asLong()).isEqualTo(firstStopWh);
            assertThat(api.get("/api/v1/transactions/" + second).json().get("open").asBoolean()).isTrue();
            assertThat(answered("StopTransaction")).isEqualTo(1);
            assertThat(answered("StartTransaction")).isEqualTo(2);

            // every periodic sample the station had answered is stored, once, under its transaction;
            // connector 2 goes on sampling, so count the answers before reading what is stored
            int answeredBefore = answered("MeterValues");
            List<JsonNode> registers = periodicRegisters(api, first);
            registers.addAll(periodicRegisters(api, second));
            assertThat(registers).hasSizeGreaterThanOrEqualTo(answeredBefore);
            assertThat(registers.stream().map(s -> s.get("timestamp").asString()).distinct()).hasSize(registers.size());
            await().until(() -> "Charging".equals(status(api, "CP-OFFLINE", 2)));
            assertThat(status(api, "CP-OFFLINE", 1)).isEqualTo("Available");
        } finally {
            server.close();
        }
    }

    @Test
    void aCutConnectionIsRestoredAndTheSessionLosesNothing() throws Exception {
        int port = freePort();
        try (RunningServer server = server(port); Emulator emulator = emulator(port)) {
            server.api().put("/api/v1/id-tags/CUT-TAG", "{\"status\":\"Accepted\"}");
            ChargePoint cp = emulator.add(Emulators.folder(stations, "CP-CUT", 1, Map.of()), Behaviour.manual());
            cp.start();
            Emulators.awaitAccepted(cp);
            cp.startSession(1, new Ev(EvCatalog.SALOON, 10, 80), "CUT-TAG").get();
            await().until(() -> cp.connector(1).transactionId() != null);
            int tx = cp.connector(1).transactionId();
            for (int i = 0; i < 3; i++) {
                Thread.sleep(1500);
                cp.dropConnection();
                await().until(() -> !cp.online());
                await().atMost(Duration.ofSeconds(10)).until(cp::online);
            }
            cp.unplug(1).get();
            await().atMost(Duration.ofSeconds(15)).until(() -> cp.backlog() == 0
                    && !server.api().get("/api/v1/transactions/" + tx).json().get("open").asBoolean());
            assertThat(server.api().get("/api/v1/transactions?stationId=CP-CUT").json()).hasSize(1);
            assertThat(answered("StopTransaction")).isEqualTo(1);
            List<JsonNode> registers = periodicRegisters(server.api(), tx);
            // a sample in flight when the socket was cut may have been stored and is then sent again: at-least-once
            assertThat(registers.stream().map(s -> s.get("timestamp").asString()).distinct()).hasSize(answered("MeterValues"));
        }
    }

    private int answered(String action) {
        AtomicInteger n = answered.get(action);
        return n == null ? 0 : n.get();
    }

    private static List<JsonNode> periodicRegisters(Api api, int tx) {
        return api.get("/api/v1/transactions/" + tx).json().get("samples").valueStream()
                .filter(s -> "Energy.Active.Import.Register".equals(s.get("measurand").asString())
                        && "Sample.Periodic".equals(s.get("context").asString()))
                .collect(java.util.stream.Collectors.toList());
    }

    private static String status(Api api, String station, int connector) {
        return api.get("/api/v1/stations/" + station).json().get("connectors").valueStream()
                .filter(c -> c.get("evseId").asInt() == connector).map(c -> c.get("status").asString()).findFirst().orElse(null);
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
