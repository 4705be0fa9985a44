package org.ladewerk.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.ladewerk.server.support.MqttBroker;
import org.ladewerk.server.support.MqttTestClient;
import org.ladewerk.server.support.RunningServer;
import org.ladewerk.server.support.TestStation;
import tools.jackson.databind.JsonNode;

/**
 * Benchmark scenario, not part of {@code mvn verify}: a broker flooded with openWB 2.x messages at
 * {@code -Dladewerk.bench.mqtt.rate} per second (default 5000) for {@code -Dladewerk.bench.mqtt.seconds}
 * (default 20) while a station sends Heartbeats back to back; prints the achieved MQTT rate, what the
 * bridge took in, and the station's round-trip times without and with the flood, plus the time
 * {@code GET /api/v1/site} takes under load. Run with
 * {@code mvn -pl server -am test -Dtest=MqttFloodScenario -Dladewerk.bench.mqtt=true -Dsurefire.failIfNoSpecifiedTests=false}.
 * Everything shares one JVM and the machine's cores, so the figures are an upper bound on the cost.
 */
@EnabledIfSystemProperty(named = "ladewerk.bench.mqtt", matches = "true")
class MqttFloodScenario {

    @Test
    void mqttFloodDoesNotSlowOcpp() throws Exception {
        int rate = Integer.getInteger("ladewerk.bench.mqtt.rate", 5000);
        int seconds = Integer.getInteger("ladewerk.bench.mqtt.seconds", 20);
        try (var broker = new MqttBroker().start();
             var server = RunningServer.start(Map.of(
                     "spring.datasource.url", "jdbc:h2:mem:mqttflood;DB_CLOSE_DELAY=-1",
                     "ladewerk.mqtt.url", broker.url(),
                     "ladewerk.mqtt.openwb-version", 2,
                     "ladewerk.message-log.enabled", false,
                     "logging.level.org.ladewerk", "WARN",
                     "logging.level.io.moquette", "WARN"));
             var station = server.station("FLOOD-1")) {
            station.call("BootNotification", Map.of("chargePointVendor", "Bench", "chargePointModel", "Flood"));
            await(() -> mqtt(server).get("connected").asBoolean());

            List<Long> quiet = heartbeats(station, Duration.ofSeconds(Math.max(5, seconds / 2)));
            long before = mqtt(server).get("messages").asLong();

            var running = new AtomicBoolean(true);
            var published = new AtomicLong();
            long start = System.nanoTime();
            Thread publisher = Thread.ofPlatform().name("flood").start(() -> flood(broker, rate, running, published));
            List<Long> busy = heartbeats(station, Duration.ofSeconds(seconds));
            List<Long> site = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long t = System.nanoTime();
                assertThat(server.api().get("/api/v1/site").status()).isEqualTo(200);
                site.add(System.nanoTime() - t);
            }
            running.set(false);
            publisher.join();
            double elapsed = (System.nanoTime() - start) / 1e9;
            Thread.sleep(1000);
            long received = mqtt(server).get("messages").asLong() - before;

            System.out.printf("%nMQTT flood scenario (target %d msg/s for %d s, cores %d)%n", rate, seconds, Runtime.getRuntime().availableProcessors());
            System.out.printf("  published          %,d messages, %.0f msg/s%n", published.get(), published.get() / elapsed);
            System.out.printf("  bridge received    %,d messages (%.1f %%)%n", received, 100.0 * received / Math.max(1, published.get()));
            System.out.printf("  OCPP Heartbeat RTT without flood: %s%n", summary(quiet));
            System.out.printf("  OCPP Heartbeat RTT with flood:    %s%n", summary(busy));
            System.out.printf("  GET /api/v1/site under flood:     %s%n%n", summary(site));
        }
    }

    /** openWB 2.x topics at the given rate: grid, PV, battery and ten charge points, values changing. */
    private static void flood(MqttBroker broker, int rate, AtomicBoolean running, AtomicLong published) {
        String[] topics = new String[14];
        topics[0] = "openWB/counter/0/get/power";
        topics[1] = "openWB/pv/get/power";
        topics[2] = "openWB/bat/get/power";
        topics[3] = "openWB/bat/get/soc";
        for (int i = 0; i < 10; i++) topics[4 + i] = "openWB/chargepoint/" + i + "/get/power";
        try (var client = new MqttTestClient(broker)) {
            long start = System.nanoTime();
            long n = 0;
            while (running.get()) {
                long due = start + n * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 200_000) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                client.publishFast(topics[(int) (n % topics.length)], Long.toString(n % 100));
                n++;
                published.incrementAndGet();
            }
        }
    }

    private static List<Long> heartbeats(TestStation station, Duration during) {
        var times = new ArrayList<Long>();
        long end = System.nanoTime() + during.toNanos();
        while (System.nanoTime() < end) {
            long t = System.nanoTime();
            station.call("Heartbeat", Map.of());
            times.add(System.nanoTime() - t);
        }
        return times;
    }

    private static String summary(List<Long> nanos) {
        var sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format("n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms", sorted.size(), ms(sorted, 0.5), ms(sorted, 0.99),
                sorted.getLast() / 1e6);
    }

    private static double ms(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) (q * sorted.size()))) / 1e6;
    }

    private static JsonNode mqtt(RunningServer server) {
        for (JsonNode s : server.api().get("/api/v1/site").json().get("sources")) if (s.get("name").asString().equals("mqtt")) return s.get("status");
        throw new AssertionError("no mqtt source");
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > end) throw new AssertionError("not connected");
            Thread.sleep(100);
        }
    }
}
