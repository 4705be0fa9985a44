package org.ladewerk.bench;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.ladewerk.ocpp.Json;
import org.ladewerk.simulator.load.LoadReport;
import tools.jackson.databind.JsonNode;

/**
 * MQTT flood (issue 15): a broker (Moquette, in this JVM) publishing openWB 2.x topics at
 * {@code --mqtt-rate} messages/s to the server's bridge while emulated stations send MeterValues, compared
 * with the same OCPP load without the flood. Reports what was published, what the bridge took in and what
 * it dropped (a newer value replaced a waiting one, or the hand-off was full), the stations' round-trip
 * latency in both runs and how fast {@code GET /api/v1/site} answers during the flood.
 */
final class MqttFloodScenario {

    record Result(int stations, int rate, double windowSeconds, long published, double publishedPerSecond, long taken, long dropped,
                  LoadReport.Latency ocppQuiet, LoadReport.Latency ocppFlood, double ocppQuietPerSecond, double ocppFloodPerSecond,
                  double siteP50Ms, double siteP99Ms) {}

    private static final String[] TOPICS = topics();

    private final Path serverJar;
    private final Path simulatorJar;
    private final String heap;
    private final Path work;

    MqttFloodScenario(Path serverJar, Path simulatorJar, String heap, Path work) {
        this.serverJar = serverJar;
        this.simulatorJar = simulatorJar;
        this.heap = heap;
        this.work = work;
    }

    /** openWB 2.x: grid, PV, battery and 40 charge points (power, plug and charge state). */
    private static String[] topics() {
        var t = new java.util.ArrayList<>(List.of("openWB/counter/0/get/power", "openWB/pv/get/power", "openWB/bat/get/power",
                "openWB/bat/get/soc"));
        for (int i = 0; i < 40; i++)
            for (String leaf : List.of("power", "plug_state", "charge_state")) t.add("openWB/chargepoint/" + i + "/get/" + leaf);
        return t.toArray(String[]::new);
    }

    Result run(int stations, int rate, Duration window, int port, int mqttPort) throws Exception {
        var broker = new Server();
        var p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(mqttPort));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("netty.epoll", "false");
        p.setProperty("telemetry_enabled", "false"); // Moquette would otherwise report to its makers
        p.setProperty("data_path", work.resolve("moquette").toString());
        broker.startServer(new MemoryConfig(p));
        try (var server = ServerProcess.start(serverJar, heap, port, work.resolve("mqtt-data"), List.of(
                "ladewerk.mqtt.url=tcp://127.0.0.1:" + mqttPort, "ladewerk.mqtt.openwb-version=2", "ladewerk.message-log.enabled=false",
                "logging.level.org.ladewerk.server.integration.mqtt=WARN"), work.resolve("server-mqtt.log"))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!mqtt(server).path("connected").asBoolean()) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("the bridge did not connect to the broker");
                TimeUnit.MILLISECONDS.sleep(200);
            }
            TimeUnit.SECONDS.sleep(2); // the subscription follows the connection

            System.out.println("-- " + stations + " stations, MeterValues every 1 s, no flood");
            LoadReport quiet = load(server, stations, window, "MQ-QUIET-");

            System.out.println("-- the same with " + rate + " MQTT messages/s");
            JsonNode before = mqtt(server);
            var running = new AtomicBoolean(true);
            var published = new AtomicLong();
            long t0 = System.nanoTime();
            Thread publisher = Thread.ofPlatform().name("mqtt-flood").start(() -> flood(broker, rate, running, published));
            var load = LoadProcess.start(simulatorJar, loadArgs(port, stations, window, "MQ-FLOOD-"), work.resolve("mqtt-flood.json"),
                    work.resolve("mqtt-flood.log"));
            load.awaitBooted(120);
            double[] site = siteLatencies(port, window);
            LoadReport flood = load.awaitReport(300);
            running.set(false);
            publisher.join();
            double seconds = (System.nanoTime() - t0) / 1e9;
            TimeUnit.SECONDS.sleep(2); // what is still in the hand-off is applied
            JsonNode after = mqtt(server);
            long taken = after.path("messages").asLong() - before.path("messages").asLong();
            long dropped = after.path("dropped").asLong() - before.path("dropped").asLong();
            var r = new Result(stations, rate, seconds, published.get(), published.get() / seconds, taken, dropped, quiet.latency(),
                    flood.latency(), quiet.throughputPerSecond(), flood.throughputPerSecond(), Percentiles.of(site, 0.5), Percentiles.of(site, 0.99));
            System.out.printf("   MQTT: %,d published (%.0f/s), %,d taken by the bridge, %,d dropped (replaced or hand-off full)%n",
                    r.published(), r.publishedPerSecond(), r.taken(), r.dropped());
            System.out.printf("   OCPP without flood: %.0f msg/s, p50 %.1f ms, p99 %.1f ms%n", r.ocppQuietPerSecond(), quiet.latency().p50(),
                    quiet.latency().p99());
            System.out.printf("   OCPP with flood:    %.0f msg/s, p50 %.1f ms, p99 %.1f ms%n", r.ocppFloodPerSecond(), flood.latency().p50(),
                    flood.latency().p99());
            System.out.printf("   GET /api/v1/site during the flood: p50 %.1f ms, p99 %.1f ms%n", r.siteP50Ms(), r.siteP99Ms());
            return r;
        } finally {
            broker.stopServer();
        }
    }

    private List<String> loadArgs(int port, int stations, Duration window, String prefix) {
        return List.of("--url", "ws://127.0.0.1:" + port + "/ocpp", "--stations", Integer.toString(stations), "--ramp", "0",
                "--meter-interval", "1s", "--warmup", "5s", "--duration", window.toSeconds() + "s", "--boot-timeout", "120s",
                "--heartbeat", "300s", "--id-prefix", prefix, "--sessions-at-start");
    }

    private LoadReport load(ServerProcess server, int stations, Duration window, String prefix) throws Exception {
        var load = LoadProcess.start(simulatorJar, loadArgs(server.port, stations, window, prefix), work.resolve(prefix + "load.json"),
                work.resolve(prefix + "load.log"));
        load.awaitBooted(120);
        return load.awaitReport(300);
    }

    /** Publishes in the broker at the rate (QoS 0, values changing), as a busy openWB does. */
    private static void flood(Server broker, int rate, AtomicBoolean running, AtomicLong published) {
        long start = System.nanoTime();
        long n = 0;
        while (running.get()) {
            long wait = start + n * 1_000_000_000L / rate - System.nanoTime();
            if (wait > 100_000) LockSupport.parkNanos(wait);
            String topic = TOPICS[(int) (n % TOPICS.length)];
            String payload = topic.endsWith("_state") ? Long.toString(n / TOPICS.length % 2) : Long.toString(n % 7000);
            broker.internalPublish(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_MOST_ONCE).retained(false)
                    .payload(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8)).build(), "bench-flood");
            n++;
            published.incrementAndGet();
        }
    }

    /** GET /api/v1/site every 100 ms for most of the window. */
    private static double[] siteLatencies(int port, Duration window) throws Exception {
        var times = new java.util.ArrayList<Double>();
        try (var http = HttpClient.newHttpClient()) {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/site"))
                    .header("Authorization", ServerProcess.ADMIN).GET().build();
            long end = System.nanoTime() + window.toNanos() * 3 / 4;
            while (System.nanoTime() < end) {
                long t = System.nanoTime();
                var r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) throw new IllegalStateException("GET /api/v1/site answered " + r.statusCode());
                times.add((System.nanoTime() - t) / 1e6);
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        double[] sorted = times.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }

    private static JsonNode mqtt(ServerProcess server) throws Exception {
        for (JsonNode s : Json.mapper().readTree(server.get("/api/v1/site")).path("sources"))
            if (s.path("name").asString().equals("mqtt")) return s.path("status");
        return Json.mapper().createObjectNode();
    }
}
