package org.ladewerk.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.ladewerk.ocpp.Json;

/**
 * Charging-data scale (issue 13): how fast an EMM backlog of completed sessions (as after a day's outage)
 * drains once the EMM answers again while stations ingest, and {@code status.json} latency, both during
 * that drain and afterwards under ingest alone. The server runs from its jar on PostgreSQL; the EMM is an
 * HTTP stand-in in this JVM that refuses posts (503) while the backlog is seeded and then takes them.
 * Prints its figures; {@code --charging-data-stations 19000 --charging-data-backlog 100000} is the full
 * scale. Whether the drain slows station traffic is told by a few probe stations of the bench's own
 * (see {@link StationProbe}): their MeterValues round trips during the drain and after it.
 * <p>
 * status.json is read by two clients in turn. The blocking one (HttpURLConnection: the thread that asks
 * reads the socket, as curl does) gives the figures against the target. java.net.http.HttpClient hands
 * each chunk of the body from its selector thread to the reader: on two cores shared with the server,
 * PostgreSQL and the load generator those hand-offs made its reads of the 6.4 MB document two to three
 * times slower than the blocking client's, interleaved in the same run. Both are reported.
 */
final class ChargingDataScenario {

    record Result(int stations, int backlog, int statusBytes, int statusGzipBytes, double drainSeconds, double drainPerSecond,
                  double ingestPerSecond, double ingestP99Ms, Probe stationProbe, Status blockingClient, Status javaHttpClient) {}

    /** The probe stations' MeterValues round trips during the drain and after it: does the drain slow station traffic? */
    record Probe(int stations, StationProbe.Latencies duringDrain, StationProbe.Latencies ingestOnly) {}

    /** One client's status.json reads during the drain and after it, while the stations still ingest. */
    record Status(Latencies duringDrain, Latencies ingestOnly) {}

    record Latencies(long requests, double p50Ms, double p99Ms, double maxMs, long gzipRequests, double gzipP50Ms, double gzipP99Ms) {}

    /** One status.json read: when it started, by which client, whether gzip was asked for, how long it took to the end of its body. */
    private record Read(long startNanos, boolean blocking, boolean gzip, double ms) {}

    /** The drain is given the time its target rate (500 sessions/s) needs; the stations ingest that long plus the window. */
    private static final int DRAIN_TARGET_PER_SECOND = 500;
    private static final int PROBE_STATIONS = 4;

    private final Path serverJar;
    private final Path simulatorJar;
    private final String heap;
    private final Path work;

    ChargingDataScenario(Path serverJar, Path simulatorJar, String heap, Path work) {
        this.serverJar = serverJar;
        this.simulatorJar = simulatorJar;
        this.heap = heap;
        this.work = work;
    }

    Result run(int stations, int backlog, String meterInterval, Duration window, int port) throws Exception {
        var emmUp = new AtomicBoolean(false);
        var taken = new AtomicLong();
        HttpServer emm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        emm.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean session = exchange.getRequestURI().getPath().equals("/charging-sessions");
            boolean settings = exchange.getRequestMethod().equals("GET"); // GET /stations/{id}/settings: the EMM keeps none
            int status = settings ? 404 : session && !emmUp.get() ? 503 : 200;
            if (session && status == 200) taken.incrementAndGet();
            byte[] body = "{}".getBytes();
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        emm.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        emm.start();
        try (var pg = Bench.durablePostgres().setDataDirectory(work.resolve("cd-pg")).setCleanDataDirectory(true).start();
             var server = ServerProcess.start(serverJar, heap, port, work.resolve("cd-data"), List.of(
                     "spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"), "spring.datasource.username=postgres",
                     "spring.datasource.password=", "spring.datasource.hikari.maximum-pool-size=40",
                     "ladewerk.emm.url=http://127.0.0.1:" + emm.getAddress().getPort(), "ladewerk.emm.max-backoff=2s",
                     "ladewerk.emm.parallelism=64", "ladewerk.status.public=true", "ladewerk.status.refresh=5s",
                     "ladewerk.charging-data.archive=false", "ladewerk.message-log.enabled=false"),
                     work.resolve("server-charging-data.log"))) {
            System.out.println("-- seeding an EMM backlog of " + backlog + " completed sessions (EMM refusing)");
            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                seed(c, backlog, Math.max(1, stations));
            }
            Duration ingest = window.plusSeconds(backlog / DRAIN_TARGET_PER_SECOND);
            System.out.println("-- " + stations + " stations ingesting for " + ingest.toSeconds() + " s, meter interval " + meterInterval);
            var load = LoadProcess.start(simulatorJar, List.of("--url", "ws://127.0.0.1:" + port + "/ocpp", "--stations",
                    Integer.toString(stations), "--ramp", "0", "--meter-interval", meterInterval, "--warmup", "10s",
                    "--duration", ingest.toSeconds() + "s", "--boot-timeout", "150s", "--heartbeat", "300s",
                    "--id-prefix", "CD-", "--sessions-at-start"), work.resolve("cd-load.json"), work.resolve("cd-load.log"));
            load.awaitBooted(300);
            var probe = new StationProbe(port, PROBE_STATIONS);
            TimeUnit.SECONDS.sleep(10);

            System.out.println("-- EMM back: draining while status.json is read in a loop");
            var reads = new ArrayList<Read>();
            var sizes = new int[2];
            var done = new AtomicBoolean();
            Thread reader = Thread.ofPlatform().start(() -> readStatus(port, reads, sizes, done));
            long t0 = System.nanoTime();
            emmUp.set(true);
            double drainSeconds = Double.NaN;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            while (System.nanoTime() < deadline) {
                long waiting = Json.mapper().readTree(server.get("/api/v1/emm")).get("backlog").asLong();
                if (waiting == 0) {
                    drainSeconds = (System.nanoTime() - t0) / 1e9;
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
            long drained = System.nanoTime();
            // then under ingest alone, until shortly before the stations stop
            long left = ingest.minusSeconds(5).toNanos() - (drained - t0);
            if (left > 0) TimeUnit.NANOSECONDS.sleep(left);
            done.set(true);
            reader.join();
            long end = System.nanoTime();
            probe.close();
            var probed = new Probe(PROBE_STATIONS, probe.latencies(t -> t >= t0 && t < drained), probe.latencies(t -> t >= drained && t < end));
            var r = load.awaitReport(300);
            var blocking = status(reads, true, drained);
            var httpClient = status(reads, false, drained);
            var result = new Result(stations, backlog, sizes[0], sizes[1], drainSeconds, backlog / drainSeconds,
                    r.throughputPerSecond(), r.latency().p99(), probed, blocking, httpClient);
            System.out.printf("   EMM backlog of %d drained in %.1f s: %.0f sessions/s (%d posts taken)%n", backlog, drainSeconds,
                    result.drainPerSecond(), taken.get());
            System.out.printf("   status.json: %,d bytes, %,d with gzip (%d stations)%n", sizes[0], sizes[1], stations);
            print("during the drain, blocking client", blocking.duringDrain());
            print("after it, under ingest alone, blocking client", blocking.ingestOnly());
            print("during the drain, java.net.http.HttpClient", httpClient.duringDrain());
            print("after it, under ingest alone, java.net.http.HttpClient", httpClient.ingestOnly());
            System.out.printf("   ingest over both: %.0f msg/s, p99 %.1f ms%n", result.ingestPerSecond(), result.ingestP99Ms());
            print("during the drain", probed.duringDrain());
            print("after it, under ingest alone", probed.ingestOnly());
            return result;
        } finally {
            emm.stop(0);
        }
    }

    /** Completed sessions with their outbox rows, as the server writes them when a session completes. */
    private static void seed(Connection c, int backlog, int stations) throws Exception {
        c.setAutoCommit(false);
        Timestamp now = Timestamp.from(Instant.now());
        try (var session = c.prepareStatement("""
                INSERT INTO charging_session (station_id, evse_id, connector_id, plugged_in_at, unplugged_at, charging_ms, energy_wh,
                  completed, archived, emm_state) VALUES (?, 1, 1, ?, ?, 0, 12000, TRUE, TRUE, 'pending')""", new String[] {"id"});
             var outbox = c.prepareStatement("""
                INSERT INTO outbox (channel, partition_key, pending_key, target, ref, body, next_attempt_at, created_at)
                VALUES ('emm.sessions', ?, ?, '/charging-sessions', ?, ?, ?, ?)""")) {
            for (int i = 0; i < backlog; i++) {
                String station = "CD-SEED-" + (i % stations);
                session.setString(1, station);
                session.setTimestamp(2, now);
                session.setTimestamp(3, now);
                session.executeUpdate();
                long id;
                try (var keys = session.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
                outbox.setString(1, station);
                outbox.setString(2, station);
                outbox.setString(3, Long.toString(id));
                outbox.setString(4, "{\"id\":" + id + ",\"stationId\":\"" + station + "\",\"evseId\":1,\"connectorId\":1,\"energyWh\":12000}");
                outbox.setTimestamp(5, now);
                outbox.setTimestamp(6, now);
                outbox.addBatch();
                if (i % 1000 == 999) {
                    outbox.executeBatch();
                    c.commit();
                }
            }
            outbox.executeBatch();
            c.commit();
        }
    }

    private static void print(String when, StationProbe.Latencies l) {
        System.out.printf("   probe stations' MeterValues %s: %d answered, %d errors, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", when,
                l.count(), l.errors(), l.p50Ms(), l.p99Ms(), l.maxMs());
    }

    private static void print(String when, Latencies l) {
        System.out.printf("   status.json %s: %d plain, p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d gzip, p50 %.1f ms, p99 %.1f ms%n", when,
                l.requests(), l.p50Ms(), l.p99Ms(), l.maxMs(), l.gzipRequests(), l.gzipP50Ms(), l.gzipP99Ms());
    }

    private static Status status(List<Read> reads, boolean blocking, long drained) {
        return new Status(latencies(reads, read -> read.blocking() == blocking && read.startNanos() < drained),
                latencies(reads, read -> read.blocking() == blocking && read.startNanos() >= drained));
    }

    private static Latencies latencies(List<Read> reads, Predicate<Read> which) {
        double[] plain;
        double[] gzip;
        synchronized (reads) {
            plain = reads.stream().filter(which).filter(r -> !r.gzip()).mapToDouble(Read::ms).sorted().toArray();
            gzip = reads.stream().filter(which).filter(Read::gzip).mapToDouble(Read::ms).sorted().toArray();
        }
        return new Latencies(plain.length, Percentiles.of(plain, 0.50), Percentiles.of(plain, 0.99), plain.length == 0 ? 0 : plain[plain.length - 1],
                gzip.length, Percentiles.of(gzip, 0.50), Percentiles.of(gzip, 0.99));
    }

    /**
     * Reads status.json every 50 ms, in turn plain and gzip (as a browser asks) and by each client, each to
     * the end of its body. The body is counted through one buffer, not kept: a 6 MB array per read would
     * make this JVM's own collections part of what it measures.
     */
    private static void readStatus(int port, List<Read> reads, int[] sizes, AtomicBoolean done) {
        byte[] buffer = new byte[64 * 1024];
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/status.json");
        try (var http = HttpClient.newHttpClient()) {
            for (long n = 0; !done.get(); n++) {
                boolean zipped = n % 2 == 1;
                boolean blocking = n % 4 < 2;
                long t = System.nanoTime();
                int size = blocking ? readBlocking(uri, zipped, buffer) : read(http, uri, zipped, buffer);
                double ms = (System.nanoTime() - t) / 1e6;
                synchronized (reads) {
                    reads.add(new Read(t, blocking, zipped, ms));
                    sizes[zipped ? 1 : 0] = size;
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        } catch (Exception e) {
            System.out.println("   status.json reader stopped: " + e);
        }
    }

    /** HttpURLConnection: this thread reads the socket; the connection is kept alive between reads. */
    private static int readBlocking(URI uri, boolean gzip, byte[] buffer) throws Exception {
        var c = (HttpURLConnection) uri.toURL().openConnection();
        if (gzip) c.setRequestProperty("Accept-Encoding", "gzip");
        if (c.getResponseCode() != 200) throw new IllegalStateException("status.json answered " + c.getResponseCode());
        try (var body = c.getInputStream()) {
            return count(body, buffer);
        }
    }

    private static int read(HttpClient http, URI uri, boolean gzip, byte[] buffer) throws Exception {
        var request = HttpRequest.newBuilder(uri).GET();
        if (gzip) request.header("Accept-Encoding", "gzip");
        var r = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (var body = r.body()) {
            if (r.statusCode() != 200) throw new IllegalStateException("status.json answered " + r.statusCode());
            return count(body, buffer);
        }
    }

    private static int count(InputStream body, byte[] buffer) throws IOException {
        int size = 0;
        for (int read; (read = body.read(buffer)) > 0; ) size += read;
        return size;
    }
}
