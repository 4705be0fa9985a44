package org.ladewerk.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.ladewerk.ocpp.Json;
import org.ladewerk.simulator.load.LoadReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.SerializationFeature;

/**
 * The benchmark: starts the central system from its jar with a fixed heap and a fresh data
 * directory, drives it with the load generator in a separate JVM, and writes a markdown and a
 * JSON report. Scenarios: capacity and boot storm, sustained ingest on H2 and on PostgreSQL, and
 * the limit against a bare WebSocket echo on the same Jetty. Every run is bounded and stops by itself.
 */
@Command(name = "ladewerk-bench", mixinStandardHelpOptions = true, description = "Ladewerk benchmark: capacity, boot storm, ingest, transport limit.")
public final class Bench implements Callable<Integer> {

    @Option(names = "--server-jar", defaultValue = "server/target/ladewerk-server-exec.jar")
    Path serverJar;

    @Option(names = "--simulator-jar", defaultValue = "simulator/target/ladewerk-simulator-exec.jar")
    Path simulatorJar;

    @Option(names = "--out", defaultValue = "bench/results", description = "Where the report goes (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--heap", defaultValue = "2g", description = "The server's fixed heap (-Xms and -Xmx; default ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--capacity", defaultValue = "19000", description = "Stations for the capacity and boot-storm scenario (default ${DEFAULT-VALUE}).")
    int capacity;

    @Option(names = "--ingest-stations", defaultValue = "10000", description = "Charging stations in the ingest scenarios (default ${DEFAULT-VALUE}).")
    int ingestStations;

    @Option(names = "--ingest-interval", defaultValue = "500ms", description = "Meter interval of the target ingest rate (default ${DEFAULT-VALUE}).")
    String ingestInterval;

    @Option(names = "--limit-interval", defaultValue = "100ms", description = "Meter interval that saturates the server (default ${DEFAULT-VALUE}).")
    String limitInterval;

    @Option(names = "--moderate-interval", defaultValue = "2s", description = "Meter interval of the moderate load, for latency (default ${DEFAULT-VALUE}: 5,000/s with 10,000 stations).")
    String moderateInterval;

    @Option(names = "--warmup", defaultValue = "20s")
    String warmup;

    @Option(names = "--duration", defaultValue = "60s", description = "Measurement window of each run (default ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--no-postgres", negatable = true, defaultValue = "true", description = "Also run the ingest on PostgreSQL.")
    boolean postgres;

    @Option(names = "--no-profile", negatable = true, defaultValue = "true", description = "Record the server with JFR during ingest.")
    boolean profile;

    @Option(names = "--storm-stations", defaultValue = "5000", description = "Stations in the reconnect storm; 0 skips it (default ${DEFAULT-VALUE}).")
    int stormStations;

    @Option(names = "--storm-offline", defaultValue = "60s", description = "How long the storm's stations stay offline (default ${DEFAULT-VALUE}).")
    String stormOffline;

    @Option(names = "--storm-only", description = "Run only the reconnect storm (on H2).")
    boolean stormOnly;

    @Option(names = "--charging-data", description = "Run only the charging-data scenario (status.json under ingest, EMM backlog drain).")
    boolean chargingData;

    @Option(names = "--charging-data-stations", defaultValue = "19000", description = "Stations in the charging-data scenario (default ${DEFAULT-VALUE}).")
    int chargingDataStations;

    @Option(names = "--charging-data-backlog", defaultValue = "100000", description = "EMM backlog in sessions (default ${DEFAULT-VALUE}).")
    int chargingDataBacklog;

    @Option(names = "--mqtt-flood", description = "Run only the MQTT flood scenario (openWB 2.x messages into the bridge during OCPP load).")
    boolean mqttFlood;

    @Option(names = "--mqtt-rate", defaultValue = "5000", description = "MQTT messages per second in the flood (default ${DEFAULT-VALUE}).")
    int mqttRate;

    @Option(names = "--mqtt-stations", defaultValue = "500", description = "Stations sending MeterValues every second meanwhile (default ${DEFAULT-VALUE}).")
    int mqttStations;

    /** How long each OCPP ingest run is profiled, before its measurement window. */
    private static final Duration PROFILE = Duration.ofSeconds(30);

    private final List<String> notes = new ArrayList<>();
    private Path work;

    public static void main(String[] args) {
        // the emulator's quiet logging (warnings only), also for the embedded broker and PostgreSQL
        if (System.getProperty("logback.configurationFile") == null)
            System.setProperty("logback.configurationFile", "ladewerk-simulator-logback.xml");
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        for (Path jar : List.of(serverJar, simulatorJar))
            if (!Files.exists(jar)) throw new IOException(jar + " missing: build first (mvn -DskipTests package)");
        work = Files.createTempDirectory("ladewerk-bench-");
        System.out.println("work directory " + work);
        serverJar = ServerProcess.extract(serverJar, work.resolve("server"));
        simulatorJar = LoadProcess.extract(simulatorJar, work.resolve("simulator"));
        if (stormOnly) {
            System.out.println(reconnectStorm());
            return 0;
        }
        if (chargingData) {
            System.out.println("== charging data (PostgreSQL), load average " + loadAverage());
            var r = new ChargingDataScenario(serverJar, simulatorJar, heap, work).run(chargingDataStations, chargingDataBacklog,
                    "10s", parse(duration), freePort());
            Files.createDirectories(out);
            Path file = out.resolve(LocalDate.now() + "-charging-data.json");
            Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(r));
            System.out.println("load average at the end " + loadAverage() + "; figures in " + file);
            return 0;
        }
        if (mqttFlood) {
            System.out.println("== MQTT flood (H2), load average " + loadAverage());
            var r = new MqttFloodScenario(serverJar, simulatorJar, heap, work).run(mqttStations, mqttRate, parse(duration), freePort(), freePort());
            Files.createDirectories(out);
            Path file = out.resolve(LocalDate.now() + "-mqtt-flood.json");
            Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(r));
            System.out.println("load average at the end " + loadAverage() + "; figures in " + file);
            return 0;
        }
        var machine = new BenchReport.Machine(Runtime.getRuntime().availableProcessors(), totalMemory(), System.getProperty("java.vm.name")
                + " " + Runtime.version(), heap, System.getProperty("os.name") + " " + System.getProperty("os.version"), loadAverage());
        var ingest = new ArrayList<BenchReport.Ingest>();
        var profiles = new LinkedHashMap<String, Profile>();
        BenchReport.Capacity capacityResult;
        LoadReport stormResult;
        LoadProcess.BootCpu stormCpu;
        int storedAfterStorm;
        LoadReport ocppLimit;
        LoadReport postgresLimit = null;
        LoadReport echoLimit;

        Double firstStart = firstStart();
        System.out.println("== H2 (file in the data directory)");
        try (var server = ServerProcess.start(serverJar, heap, freePort(), work.resolve("h2-data"), List.of(), work.resolve("server-h2.log"))) {
            System.out.println("-- capacity and boot storm: " + capacity + " stations at once");
            var idleHistogram = Jvm.histogram(server.pid());
            long idleHeap = Jvm.liveHeapBytes(server.pid());
            long idleRss = Jvm.rssBytes(server.pid());
            var load = bootStorm(server, "45s", "CAP-", "capacity");
            load.awaitBooted(240);
            TimeUnit.SECONDS.sleep(5);
            int online = server.online();
            long loadedHeap = Jvm.liveHeapBytes(server.pid());
            long loadedRss = Jvm.rssBytes(server.pid());
            var loadedHistogram = Jvm.histogram(server.pid());
            LoadReport r = load.awaitReport(300);
            stormCpu = load.bootCpu();
            int stored = server.stations();
            capacityResult = new BenchReport.Capacity(capacity, r.peakConnected(), online, idleHeap, loadedHeap,
                    online == 0 ? 0 : (loadedHeap - idleHeap) / (double) online, idleRss, loadedRss,
                    online == 0 ? 0 : (loadedRss - idleRss) / (double) online, perConnection(idleHistogram, loadedHistogram, online));
            stormResult = r;
            storedAfterStorm = stored;
            System.out.printf("   online %d, heap/connection %.0f B, RSS %d MB, boot storm %s s (all accepted after %s s)%n", online,
                    capacityResult.heapPerConnectionBytes(), loadedRss >> 20, r.bootStormSeconds(), r.acceptedSeconds());
            awaitQuiet(server);

            ingest.add(ingest(server, "OCPP on H2, moderate load", "H2", false, moderateInterval, "MOD-H2-", profiles));
            ingest.add(ingest(server, "OCPP on H2, target rate", "H2", false, ingestInterval, "ING-H2-", profiles));
            var saturated = ingest(server, "OCPP on H2, saturated", "H2", false, limitInterval, "LIM-H2-", profiles);
            ingest.add(saturated);
            ocppLimit = saturated.load();
            // the transport's own latency at the moderate rate: the floor under the OCPP rows' p99 there on this machine
            ingest.add(ingest(server, "WebSocket echo, moderate load", "-", true, moderateInterval, "ECHOM-", profiles));
            ingest.add(ingest(server, "WebSocket echo, target rate", "-", true, ingestInterval, "ECHO-", profiles));
            var echoSaturated = ingest(server, "WebSocket echo, saturated", "-", true, limitInterval, "ECHOS-", profiles);
            ingest.add(echoSaturated);
            echoLimit = echoSaturated.load();
        }
        var storm = new BenchReport.BootStorm(capacity, stormResult.bootStormSeconds(), stormResult.acceptedSeconds(), stormResult.accepted(), storedAfterStorm, stormCpu,
                firstStart, passwordStorm());
        if (postgres) {
            System.out.println("== PostgreSQL (embedded, real server)");
            try (var pg = durablePostgres().setDataDirectory(work.resolve("pg-data")).setCleanDataDirectory(true).start();
                 var server = ServerProcess.start(serverJar, heap, freePort(), work.resolve("pg-app-data"),
                         List.of("spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"), "spring.datasource.username=postgres",
                                 "spring.datasource.password="), work.resolve("server-pg.log"))) {
                ingest.add(ingest(server, "OCPP on PostgreSQL, moderate load", "PostgreSQL", false, moderateInterval, "MOD-PG-", profiles));
                ingest.add(ingest(server, "OCPP on PostgreSQL, target rate", "PostgreSQL", false, ingestInterval, "ING-PG-", profiles));
                var saturated = ingest(server, "OCPP on PostgreSQL, saturated", "PostgreSQL", false, limitInterval, "LIM-PG-", profiles);
                ingest.add(saturated);
                postgresLimit = saturated.load();
            }
        }
        if (stormStations > 0) notes.add(reconnectStorm());
        notes.add("load average at the end: " + loadAverage());
        var limit = BenchReport.Limit.of(ocppLimit, postgresLimit, echoLimit);
        System.out.printf("OCPP at saturation is %.1f %% of the bare echo on H2 (%.0f of %.0f msg/s)%s%n", 100 * limit.ratio(),
                limit.ocppPerSecond(), limit.echoPerSecond(), limit.postgresRatio() == null ? ""
                        : String.format(Locale.ROOT, ", %.1f %% on PostgreSQL", 100 * limit.postgresRatio()));
        var report = new BenchReport(LocalDateTime.now().withNano(0).toString(), machine, capacityResult, storm, ingest, limit, profiles, notes);
        write(report);
        return 0;
    }

    /**
     * The server's first start from the extracted jar, which records its AOT cache as the launcher's first run of
     * a build does: the capacity's boot storm without the cache (the same storm as measured later from the cache),
     * then a short charging load with the REST probe, so the cache also holds what ingest and REST load and run.
     * The load generator records its own cache in that charging run. Returns the storm's seconds (null when it did
     * not complete).
     */
    private Double firstStart() throws Exception {
        System.out.println("== first start: boot storm of " + capacity + " stations without an AOT cache, recording it");
        Double seconds;
        try (var server = ServerProcess.start(serverJar, heap, freePort(), work.resolve("first-data"), List.of(), work.resolve("server-first.log"))) {
            seconds = bootStorm(server, "5s", "FIRST-", "first").awaitReport(300).bootStormSeconds();
            var charging = LoadProcess.start(simulatorJar, LoadProcess.Jit.RECORD, List.of("--url", ocppUrl(server), "--stations", "1000", "--ramp", "0",
                    "--warmup", "0s", "--duration", "20s", "--boot-timeout", "150s", "--sessions-at-start", "--meter-interval", "500ms",
                    "--id-prefix", "FIRSTING-"), work.resolve("first-ingest.json"), work.resolve("first-ingest.log"), -1);
            charging.awaitBooted(240);
            try (var probe = RestProbe.start(server)) {
                charging.awaitReport(300);
                probe.finish();
            }
        }
        System.out.println("   boot storm " + seconds + " s");
        if (!ServerProcess.hasAotCache(serverJar)) notes.add("the first start wrote no AOT cache (see server-first.log): every server ran without one");
        if (!LoadProcess.hasAotCache(simulatorJar)) notes.add("the load generator wrote no AOT cache (see first-ingest.log): every generator ran without one");
        return seconds;
    }

    /**
     * PostgreSQL as an operator runs it: {@code synchronous_commit} on, PostgreSQL's default, which the embedded
     * builder turns off (a commit would return before its log is on the disk, and the figures would not be of
     * the promise that a station is answered only for what is durable). New WAL files are not zero-filled
     * ({@code wal_init_zero} off): the fresh database would otherwise write 16 MB inside a commit every few
     * seconds, and on a machine that backs its memory lazily that held the commits up for about 100 ms
     * (round 44); a database that has run a while recycles its WAL files and fills none.
     */
    static EmbeddedPostgres.Builder durablePostgres() {
        return EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").setServerConfig("wal_init_zero", "off");
    }

    /** The capacity's stations connecting at once (the boot storm), then staying connected for {@code duration}. */
    private LoadProcess bootStorm(ServerProcess server, String duration, String prefix, String file, String... more) throws IOException {
        var args = new ArrayList<>(List.of("--url", ocppUrl(server), "--stations", Integer.toString(capacity),
                "--ramp", "0", "--warmup", "0s", "--duration", duration, "--boot-timeout", "150s", "--id-prefix", prefix));
        args.addAll(List.of(more));
        return LoadProcess.start(simulatorJar, LoadProcess.Jit.STORM, args, work.resolve(file + ".json"), work.resolve(file + ".log"),
                server.pid());
    }

    /**
     * The boot storm of stations that present a password, as production stations do (security profile 1): on a
     * fresh server from the AOT cache, every station registered with its password first. Returns the storm's
     * seconds (null when not every station was accepted).
     */
    private Double passwordStorm() throws Exception {
        System.out.println("-- boot storm of " + capacity + " password-protected stations (fresh server)");
        try (var server = ServerProcess.start(serverJar, heap, freePort(), work.resolve("password-data"), List.of(), work.resolve("server-password.log"))) {
            long started = System.nanoTime();
            String password = "bench-station-password";
            server.registerStations("PWD-", capacity, password);
            System.out.printf("   %d stations registered in %.1f s%n", capacity, (System.nanoTime() - started) / 1e9);
            awaitQuiet(server);
            LoadReport r = bootStorm(server, "5s", "PWD-", "password", "--password", password).awaitReport(300);
            System.out.println("   boot storm " + r.bootStormSeconds() + " s, " + r.accepted() + " accepted");
            return r.accepted() == capacity ? r.bootStormSeconds() : null;
        }
    }

    /**
     * One load run with the CPU each side used during the measurement window. An OCPP run is profiled with JFR
     * first, under the same load but before the window: in paired runs at 20,000/s offered the recording cost
     * 5-15 % of the throughput (round 24), which the window should not.
     */
    private BenchReport.Ingest ingest(ServerProcess server, String name, String db, boolean echo, String interval, String prefix,
                                      Map<String, Profile> profiles) throws Exception {
        System.out.println("-- " + name + ": " + ingestStations + " stations, meter interval " + interval);
        String url = echo ? "ws://127.0.0.1:" + server.port + "/bench/echo" : ocppUrl(server);
        boolean recording = profile && !echo;
        Duration warm = parse(warmup);
        Duration profiling = recording ? PROFILE : Duration.ZERO;
        var args = new ArrayList<>(List.of("--url", url, "--stations", Integer.toString(ingestStations), "--ramp", "0",
                "--meter-interval", interval, "--warmup", warm.plus(profiling).toMillis() + "ms", "--duration", duration,
                "--boot-timeout", "150s", "--heartbeat", "300s", "--id-prefix", prefix));
        if (echo) args.add("--echo");
        else args.add("--sessions-at-start");
        String file = prefix.toLowerCase().replace("-", "");
        var load = LoadProcess.start(simulatorJar, args, work.resolve(file + ".json"), work.resolve(file + ".log"));
        load.awaitBooted(240);
        TimeUnit.MILLISECONDS.sleep(warm.toMillis());
        Path jfr = work.resolve(file + ".jfr");
        if (recording) {
            // stops itself a few seconds early, so that writing the recording is done before the window
            Jvm.jcmd(server.pid(), "JFR.start", "name=bench", "settings=profile",
                    "duration=" + profiling.minusSeconds(5).toSeconds() + "s", "filename=" + jfr);
            TimeUnit.MILLISECONDS.sleep(profiling.toMillis());
        }
        double s0 = Jvm.cpuSeconds(server.pid());
        double g0 = Jvm.cpuSeconds(load.pid());
        double m0 = Jvm.machineBusySeconds();
        long t0 = System.nanoTime();
        Duration window = parse(duration);
        List<RestProbe.Latency> rest = List.of();
        double seconds, serverCores, generatorCores, machineCores;
        try (var probe = echo ? null : RestProbe.start(server)) {
            TimeUnit.MILLISECONDS.sleep(Math.max(0, window.toMillis() - 2000));
            // read before the probe's last answers: on a loaded machine the generator may be gone after them
            seconds = (System.nanoTime() - t0) / 1e9;
            serverCores = (Jvm.cpuSeconds(server.pid()) - s0) / seconds;
            generatorCores = (Jvm.cpuSeconds(load.pid()) - g0) / seconds;
            machineCores = (Jvm.machineBusySeconds() - m0) / seconds;
            if (probe != null) rest = probe.finish();
        }
        LoadReport r = load.awaitReport(300);
        if (recording && Files.exists(jfr)) profiles.put(name, Profile.read(jfr));
        double offered = ingestStations * 1000.0 / parse(interval).toMillis();
        String loadAverage = loadAverage();
        var result = new BenchReport.Ingest(name, db, echo, ingestStations, parse(interval).toMillis(), offered, r,
                round(serverCores), round(generatorCores), round(machineCores), rest, loadAverage);
        System.out.printf("   %.0f msg/s, p50 %.1f ms, p99 %.1f ms; server %.2f cores, generator %.2f cores; load average %s%n",
                r.throughputPerSecond(), r.latency().p50(), r.latency().p99(), serverCores, generatorCores, loadAverage);
        if (!rest.isEmpty()) System.out.println("   REST during the run: " + RestProbe.describe(rest));
        awaitQuiet(server);
        return result;
    }

    /**
     * The reconnect storm on a fresh H2 server: charging stations lose the network at once, come back
     * together and replay their queues ({@code ladewerk-simulator storm}). Returns its STORM line, which
     * holds the time until all were back and what the consistency check found.
     */
    private String reconnectStorm() throws Exception {
        System.out.println("-- reconnect storm: " + stormStations + " stations offline for " + stormOffline);
        try (var server = ServerProcess.start(serverJar, heap, freePort(), work.resolve("storm-data"), List.of("ladewerk.api.keys=storm-check"),
                work.resolve("server-storm.log"))) {
            Path log = work.resolve("storm.log");
            String before = loadAverage();
            var cmd = new ArrayList<>(Jvm.GENERATOR);
            cmd.addAll(List.of("-jar", simulatorJar.toString(), "storm", "--url", ocppUrl(server), "--stations", Integer.toString(stormStations),
                    "--offline", stormOffline, "--id-prefix", "STORM-", "--api-key", "storm-check"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("the reconnect storm did not finish within 60 minutes, see " + log);
            }
            String line = Files.readAllLines(log).stream().filter(l -> l.startsWith("STORM ")).findFirst()
                    .orElseThrow(() -> new IOException("the reconnect storm printed no result, see " + log));
            return "reconnect storm: " + line.substring(6) + " (load average before " + before + ", after " + loadAverage() + ")";
        }
    }

    private static List<BenchReport.HeapShare> perConnection(Map<String, Long> idle, Map<String, Long> loaded, int connections) {
        if (connections == 0) return List.of();
        return loaded.entrySet().stream()
                .map(e -> new BenchReport.HeapShare(e.getKey(), Math.round(10.0 * (e.getValue() - idle.getOrDefault(e.getKey(), 0L)) / connections) / 10.0))
                .filter(h -> h.bytesPerConnection() >= 16)
                .sorted((a, b) -> Double.compare(b.bytesPerConnection(), a.bytesPerConnection())).limit(20).toList();
    }

    /** Lets the server take in the disconnects of the last run before the next one starts. */
    private static void awaitQuiet(ServerProcess server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && server.online() > 0) TimeUnit.SECONDS.sleep(1);
        TimeUnit.SECONDS.sleep(3);
    }

    private void write(BenchReport report) throws IOException {
        Files.createDirectories(out);
        String stem = LocalDate.now() + "-report";
        Path json = out.resolve(stem + ".json");
        Path md = out.resolve(stem + ".md");
        Files.writeString(json, Json.mapper().rebuild().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(report));
        Files.writeString(md, Markdown.render(report));
        System.out.println("report: " + md + " and " + json);
    }

    private static String ocppUrl(ServerProcess server) {
        return "ws://127.0.0.1:" + server.port + "/ocpp";
    }

    static Duration parse(String text) {
        String t = text.trim();
        if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        if (t.endsWith("s")) return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
        if (t.endsWith("m")) return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        return Duration.parse(t);
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static long totalMemory() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
