package org.ladewerk.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.ladewerk.server.live.app.LiveValues;
import org.ladewerk.server.support.AppClient;
import org.ladewerk.server.support.RunningServer;
import org.ladewerk.server.support.TestStation;

/**
 * Benchmark scenario, not part of {@code mvn verify}: {@code -Dladewerk.bench.live.clients} (default
 * 1000) live-value WebSocket clients, held by a separate JVM so only the server's side is weighed,
 * each following every EVSE; prints the server heap per connection and a station's MeterValues
 * round trip (each one pushed to every client) without and with the clients. Run with
 * {@code mvn -pl server -am test -Dtest=LiveValuesScaleScenario -Dladewerk.bench.live=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "ladewerk.bench.live", matches = "true")
class LiveValuesScaleScenario {

    @Test
    void thousandsOfLiveClientsCostLittleHeapAndDoNotSlowStations() throws Exception {
        int clients = Integer.getInteger("ladewerk.bench.live.clients", 1000);
        try (var server = RunningServer.start(Map.of(
                "spring.datasource.url", "jdbc:h2:mem:livescale;DB_CLOSE_DELAY=-1",
                "ladewerk.app.rate-per-address", 1_000_000,
                "ladewerk.message-log.enabled", false,
                "logging.level.org.ladewerk", "WARN"));
             var station = server.station("LIVE-1")) {
            station.call("BootNotification", Map.of("chargePointVendor", "Bench", "chargePointModel", "Live"));
            AppClient.createUser(server.api(), "bench-op", "correct-horse-9", "operator", "[]", "[]");
            String token = AppClient.logIn(server.api(), "bench-op", "correct-horse-9").token();
            LiveValues live = server.context().getBean(LiveValues.class);
            List<Long> quiet = meterValues(station, 300);

            long before = usedHeapAfterGc();
            Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                    "-cp", System.getProperty("java.class.path"), Holder.class.getName(),
                    "ws://127.0.0.1:" + server.port() + LiveValues.PATH + "?token=" + token, Integer.toString(clients))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            var out = new BufferedReader(new InputStreamReader(holder.getInputStream()));
            assertThat(out.readLine()).isEqualTo("ready");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (live.clients() < clients && System.nanoTime() < deadline) Thread.sleep(100);
            assertThat(live.clients()).isEqualTo(clients);
            long held = usedHeapAfterGc();
            List<Long> busy = meterValues(station, 300);
            Thread.sleep(2000);
            holder.getOutputStream().write('\n');
            holder.getOutputStream().flush();
            String received = out.readLine();
            holder.waitFor();

            System.out.printf("%nLive values scale scenario (%d clients, cores %d)%n", clients, Runtime.getRuntime().availableProcessors());
            System.out.printf("  server heap per live connection: %.1f KB%n", (held - before) / 1024.0 / clients);
            System.out.printf("  messages the clients received:   %s (dropped clients: %d)%n", received, live.dropped());
            System.out.printf("  MeterValues RTT without clients: %s%n", summary(quiet));
            System.out.printf("  MeterValues RTT with clients:    %s%n%n", summary(busy));
        }
    }

    private static List<Long> meterValues(TestStation station, int n) {
        var times = new ArrayList<Long>();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            station.call("MeterValues", Map.of("connectorId", 1, "meterValue", List.of(Map.of("timestamp", Instant.now().toString(),
                    "sampledValue", List.of(Map.of("value", Integer.toString(1000 + i), "measurand", "Power.Active.Import", "unit", "W"))))));
            times.add(System.nanoTime() - t);
        }
        return times;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String summary(List<Long> nanos) {
        var sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format("median %.2f ms, p99 %.2f ms (%d calls)", sorted.get(sorted.size() / 2) / 1e6,
                sorted.get((int) (sorted.size() * 0.99)) / 1e6, sorted.size());
    }

    /** The client side, in its own JVM: opens the connections, says "ready", counts messages until a line on stdin. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            var received = new AtomicLong();
            var http = HttpClient.newHttpClient();
            var opening = new ArrayList<CompletableFuture<WebSocket>>();
            for (int i = 0; i < Integer.parseInt(args[1]); i++) {
                opening.add(http.newWebSocketBuilder().buildAsync(URI.create(args[0]), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        if (last) received.incrementAndGet();
                        socket.request(1);
                        return null;
                    }
                }));
                if (i % 100 == 99) CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).join();
            }
            CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).join();
            System.out.println("ready");
            System.out.flush();
            System.in.read();
            System.out.println(received.get());
            System.out.flush();
            System.exit(0);
        }
    }
}
