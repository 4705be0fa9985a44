package org.ladewerk.simulator.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.ladewerk.ocpp.Json;
import org.ladewerk.simulator.Emulator;
import org.ladewerk.simulator.config.ConfigKey;
import org.ladewerk.simulator.config.Keys;
import org.ladewerk.simulator.config.StationConfig;
import org.ladewerk.simulator.ev.Ev;
import org.ladewerk.simulator.ev.EvCatalog;
import org.ladewerk.simulator.link.CallObserver;
import org.ladewerk.simulator.link.LinkOptions;
import org.ladewerk.simulator.station.Behaviour;
import org.ladewerk.simulator.station.ChargePoint;
import org.ladewerk.simulator.station.Registration;
import tools.jackson.databind.JsonNode;

/**
 * A reconnect storm: N stations, each charging in a transaction, lose the network at once and stay
 * off it for a while; meanwhile every station keeps metering and every second one ends its session
 * and starts the next. Then all reconnect together and replay their queues (StartTransaction,
 * MeterValues, StopTransaction). Measures the time until every station is back with an empty queue,
 * then checks through the REST API that the central system has every transaction exactly once,
 * every sample the stations were answered for, and no tag left busy.
 */
public final class ReconnectStorm {

    private static final Duration PROGRESS = Duration.ofSeconds(5);

    /** What the central system ended with, against what the stations did. */
    public record Result(int stations, double reconnectSeconds, double consistentSeconds, int transactionsExpected,
                         int transactionsStored, int duplicated, int missing, int closedAsStale, long samplesAnswered,
                         long samplesStored, int busyTags) {

        public boolean consistent() {
            return duplicated == 0 && missing == 0 && closedAsStale == 0 && samplesStored == samplesAnswered && busyTags == 0;
        }
    }

    private ReconnectStorm() {
    }

    /**
     * @param authorization the REST API's Authorization header value, or an API key prefixed "key:" (sent as
     *                      X-API-Key, which spares the server a password hash per request)
     */
    public static Result run(String url, int n, Duration offline, Duration meterInterval, String idPrefix, String authorization,
                             PrintStream out) throws Exception {
        var answeredSamples = new AtomicLong();
        CallObserver observer = new CallObserver() {
            @Override
            public void answered(String action, long nanos, boolean error) {
                if (!error && "MeterValues".equals(action)) answeredSamples.incrementAndGet();
            }
        };
        var options = Emulator.Options.defaults().withUrl(url).withObserver(observer)
                .withBindAddresses(List.of(), Math.max(16, Runtime.getRuntime().availableProcessors() * 8))
                .withLink(LinkOptions.defaults().withResponseTimeout(Duration.ofSeconds(120))
                        .withReconnect(Duration.ofSeconds(1), Duration.ofSeconds(10)));
        var rest = new Rest(url, authorization);
        String tagPrefix = idPrefix.replaceAll("[^A-Za-z0-9]", "") + "T";
        try (var emulator = new Emulator(options)) {
            List<ChargePoint> stations = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = LoadGenerator.stationId(idPrefix, i + 1); // numbered from 1, as the load generator numbers them
                StationConfig base = StationConfig.create(id, url, 1, "Ladewerk", "StormStation");
                var keys = new ArrayList<ConfigKey>(base.configurationKey());
                keys.replaceAll(k -> k.key().equals(Keys.METER_VALUES_SAMPLED_DATA) ? k.withValue("Energy.Active.Import.Register,Power.Active.Import") : k);
                var behaviour = new Behaviour(0, null, Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(2), List.of(tag(tagPrefix, i)),
                        false, 0, Duration.ofSeconds(300), meterInterval, false);
                stations.add(emulator.add(base.withKeys(keys), null, behaviour));
            }
            out.printf("storm: %d stations against %s, offline %s, meter interval %s%n", n, url, offline, meterInterval);
            stations.forEach(ChargePoint::start);
            await(out, "boot", Duration.ofMinutes(10), () -> stations.stream().allMatch(cp -> cp.registration() == Registration.Accepted && cp.online()));
            for (int i = 0; i < n; i++) stations.get(i).startSession(1, new Ev(EvCatalog.FAMILY, 10, 95), tag(tagPrefix, i));
            await(out, "start", Duration.ofMinutes(10), () -> stations.stream().allMatch(cp -> cp.connector(1).transactionId() != null));
            List<Integer> first = stations.stream().map(cp -> cp.connector(1).transactionId()).toList();
            TimeUnit.MILLISECONDS.sleep(meterInterval.multipliedBy(2).toMillis());

            out.println("storm: all stations lose the network");
            stations.forEach(cp -> cp.loseNetwork(offline));
            long cut = System.nanoTime();
            TimeUnit.MILLISECONDS.sleep(offline.toMillis() / 3);
            for (int i = 0; i < n; i += 2) {
                stations.get(i).unplug(1).join();
                stations.get(i).startSession(1, new Ev(EvCatalog.COMPACT, 30, 95), tag(tagPrefix, i)).join();
            }
            long back = cut + offline.toNanos();
            TimeUnit.NANOSECONDS.sleep(Math.max(0, back - System.nanoTime()));
            await(out, "replay", Duration.ofMinutes(15), () -> {
                for (int i = 0; i < n; i++) {
                    ChargePoint cp = stations.get(i);
                    Integer tx = cp.connector(1).transactionId();
                    if (!cp.online() || cp.backlog() > 0 || tx == null || (i % 2 == 0 && tx.equals(first.get(i)))) return false;
                }
                return true;
            });
            double reconnectSeconds = (System.nanoTime() - back) / 1e9;
            out.printf("storm: all %d stations back with empty queues after %.1f s%n", n, reconnectSeconds);

            // end every session so what the stations were answered and what is stored can be compared
            stations.forEach(cp -> cp.unplug(1));
            await(out, "stop", Duration.ofMinutes(10), () -> stations.stream().allMatch(cp -> cp.backlog() == 0
                    && cp.connector(1).transactionId() == null));
            Result r = check(rest, stations, idPrefix, tagPrefix, answeredSamples.get(), reconnectSeconds, back, out);
            out.printf("STORM stations=%d reconnect_seconds=%.1f consistent_seconds=%.1f transactions=%d/%d duplicated=%d missing=%d "
                            + "closed_as_stale=%d samples=%d/%d busy_tags=%d consistent=%s%n", r.stations(), r.reconnectSeconds(),
                    r.consistentSeconds(), r.transactionsStored(), r.transactionsExpected(), r.duplicated(), r.missing(), r.closedAsStale(),
                    r.samplesStored(), r.samplesAnswered(), r.busyTags(), r.consistent());
            out.flush();
            return r;
        }
    }

    private static Result check(Rest rest, List<ChargePoint> stations, String idPrefix, String tagPrefix, long samplesAnswered,
                                double reconnectSeconds, long back, PrintStream out) throws Exception {
        int n = stations.size();
        Map<String, List<Long>> byStation = new HashMap<>();
        int stale = 0;
        for (int offset = 0; ; offset += 1000) {
            JsonNode page = rest.get("/api/v1/transactions?limit=1000&offset=" + offset);
            for (JsonNode t : page) {
                String station = t.get("stationId").asString();
                if (!station.startsWith(idPrefix)) continue;
                byStation.computeIfAbsent(station, k -> new ArrayList<>()).add(t.get("id").asLong());
                if ("ClosedByCentralSystem".equals(t.path("stopReason").asString(null))) stale++;
            }
            if (page.size() < 1000) break;
        }
        int expected = 0;
        int stored = 0;
        int duplicated = 0;
        int missing = 0;
        for (int i = 0; i < n; i++) {
            int want = i % 2 == 0 ? 2 : 1;
            int have = byStation.getOrDefault(stations.get(i).identity(), List.of()).size();
            expected += want;
            stored += have;
            duplicated += Math.max(0, have - want);
            missing += Math.max(0, want - have);
        }
        var samples = new AtomicLong();
        var permits = new Semaphore(8);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<?>>();
            for (List<Long> ids : byStation.values()) {
                for (long id : ids) {
                    futures.add(pool.submit(() -> {
                        permits.acquire();
                        try {
                            var stamps = new HashSet<String>();
                            for (JsonNode s : rest.get("/api/v1/transactions/" + id).get("samples"))
                                if ("Energy.Active.Import.Register".equals(s.get("measurand").asString())
                                        && "Sample.Periodic".equals(s.get("context").asString()))
                                    stamps.add(s.get("timestamp").asString());
                            samples.addAndGet(stamps.size());
                        } finally {
                            permits.release();
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : futures) f.get();
        }
        int busy = 0;
        for (JsonNode tag : rest.get("/api/v1/id-tags?q=" + tagPrefix.toLowerCase()))
            if (tag.get("idTag").asString().startsWith(tagPrefix)) busy += tag.get("activeTransactions").asInt() > 0 ? 1 : 0;
        double consistentSeconds = (System.nanoTime() - back) / 1e9;
        out.printf("storm: checked %d transactions through the REST API%n", stored);
        return new Result(n, reconnectSeconds, consistentSeconds, expected, stored, duplicated, missing, stale, samplesAnswered,
                samples.get(), busy);
    }

    private static String tag(String prefix, int i) {
        String p = prefix.length() > 12 ? prefix.substring(0, 12) : prefix;
        return p + Integer.toString(i, 36).toUpperCase();
    }

    private static void await(PrintStream out, String phase, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        long next = t0 + PROGRESS.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("storm: " + phase + " not done within " + timeout);
            if (System.nanoTime() > next) {
                out.printf("storm: %s, %.0f s%n", phase, (System.nanoTime() - t0) / 1e9);
                next += PROGRESS.toNanos();
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** The central system's REST API, as its operator uses it. */
    private record Rest(HttpClient http, String base, String authorization) {
        Rest(String wsUrl, String authorization) {
            this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build(),
                    URI.create(wsUrl.replaceFirst("^ws", "http")).resolve("/").toString().replaceAll("/$", ""), authorization);
        }

        JsonNode get(String path) throws IOException, InterruptedException {
            var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(300));
            if (authorization.startsWith("key:")) request.header("X-API-Key", authorization.substring(4));
            else request.header("Authorization", authorization);
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) throw new IOException("GET " + path + " answered " + response.statusCode());
            return Json.mapper().readTree(response.body());
        }
    }
}
