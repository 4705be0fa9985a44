package org.ladewerk.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.simulator.Emulator;
import org.ladewerk.simulator.ev.Ev;
import org.ladewerk.simulator.ev.EvCatalog;
import org.ladewerk.simulator.link.CallObserver;
import org.ladewerk.simulator.link.LinkOptions;
import org.ladewerk.simulator.station.Behaviour;
import org.ladewerk.simulator.station.ChargePoint;
import tools.jackson.databind.JsonNode;

/**
 * A reconnect storm at test scale (the benchmark runs it with thousands): stations with open
 * transactions all lose the network at once; offline, every station keeps metering and half of them
 * end their session and start the next one; then all come back together and replay their queues.
 * The central system must end with every transaction exactly once, every sample stored and no tag
 * left busy.
 */
class ReconnectStormTest extends ServerTest {

    private static final int STATIONS = 24;

    @TempDir
    Path folders;

    private final AtomicInteger meterValuesAnswered = new AtomicInteger();

    @Test
    void everyTransactionOnceEverySampleStoredNoTagLeftBusy() throws Exception {
        String prefix = unique("STORM");
        var observer = new CallObserver() {
            @Override
            public void answered(String action, long nanos, boolean error) {
                if (!error && "MeterValues".equals(action)) meterValuesAnswered.incrementAndGet();
            }
        };
        try (var emulator = new Emulator(Emulator.Options.defaults()
                .withUrl("ws://127.0.0.1:" + port + "/ocpp")
                .withSchemas(Emulators.SCHEMAS)
                .withObserver(observer)
                .withLink(LinkOptions.defaults().withResponseTimeout(Duration.ofSeconds(10))
                        .withReconnect(Duration.ofMillis(200), Duration.ofSeconds(1)))
                .withTimings(Duration.ofMillis(300), Duration.ofMillis(200)))) {
            List<ChargePoint> stations = new ArrayList<>();
            for (int i = 0; i < STATIONS; i++) {
                String id = prefix + "-" + i;
                api().put("/api/v1/id-tags/" + tag(i), "{\"maxActiveTransactions\":1}");
                ChargePoint cp = emulator.add(Emulators.folder(folders, id, 1, Map.of()), Behaviour.manual());
                cp.start();
                stations.add(cp);
            }
            stations.forEach(Emulators::awaitAccepted);
            for (int i = 0; i < STATIONS; i++) stations.get(i).startSession(1, new Ev(EvCatalog.FAMILY, 20, 90), tag(i)).get();
            await().atMost(Duration.ofSeconds(60)).until(() -> stations.stream().allMatch(cp -> cp.connector(1).transactionId() != null));
            var first = stations.stream().map(cp -> cp.connector(1).transactionId()).toList();
            Thread.sleep(1500); // some samples online

            stations.forEach(cp -> cp.loseNetwork(Duration.ofSeconds(4)));
            await().atMost(Duration.ofSeconds(10)).until(() -> stations.stream().noneMatch(ChargePoint::online));
            Thread.sleep(1000);
            for (int i = 0; i < STATIONS; i += 2) {
                stations.get(i).unplug(1).get();
                stations.get(i).startSession(1, new Ev(EvCatalog.COMPACT, 30, 80), tag(i)).get();
            }
            Thread.sleep(1500); // the new sessions meter offline too

            await().atMost(Duration.ofSeconds(120)).until(() -> stations.stream().allMatch(cp ->
                    cp.online() && cp.backlog() == 0 && cp.connector(1).transactionId() != null
                            && (stations.indexOf(cp) % 2 == 1 || !cp.connector(1).transactionId().equals(first.get(stations.indexOf(cp))))));
            // stop metering, so what the stations were answered and what is stored can be compared
            for (ChargePoint cp : stations) cp.unplug(1).get();
            await().atMost(Duration.ofSeconds(60)).until(() -> stations.stream().allMatch(cp -> cp.backlog() == 0));

            int samples = 0;
            for (int i = 0; i < STATIONS; i++) {
                List<JsonNode> txs = api().get("/api/v1/transactions?stationId=" + stations.get(i).identity()).json().valueStream().toList();
                assertThat(txs).as("transactions of station %d", i).hasSize(i % 2 == 0 ? 2 : 1);
                assertThat(txs).allSatisfy(t -> {
                    assertThat(t.get("open").asBoolean()).isFalse();
                    assertThat(t.get("stopReason").asString()).as("stopped by the station, not closed as stale").isEqualTo("EVDisconnected");
                    assertThat(t.get("anomalies")).isEmpty();
                });
                for (JsonNode t : txs) samples += distinctPeriodicSamples(t.get("id").asLong());
                assertThat(api().get("/api/v1/id-tags/" + tag(i)).json().get("activeTransactions").asInt()).as("tag %d busy", i).isZero();
            }
            assertThat(samples).as("every sample the stations were answered for is stored").isEqualTo(meterValuesAnswered.get());
        }
    }

    private static String tag(int i) {
        return "STORMTAG" + i;
    }

    /** Periodic register samples, once per timestamp: one in flight when the line was cut may come twice (at least once). */
    private int distinctPeriodicSamples(long transactionId) {
        var stamps = new HashSet<String>();
        for (JsonNode s : api().get("/api/v1/transactions/" + transactionId).json().get("samples"))
            if ("Energy.Active.Import.Register".equals(s.get("measurand").asString()) && "Sample.Periodic".equals(s.get("context").asString()))
                stamps.add(s.get("timestamp").asString());
        return stamps.size();
    }
}
