package org.ladewerk.simulator.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.ladewerk.ocpp.Json;
import org.ladewerk.simulator.Emulator;
import org.ladewerk.simulator.config.ConfigKey;
import org.ladewerk.simulator.config.Keys;
import org.ladewerk.simulator.config.StationConfig;
import org.ladewerk.simulator.link.LinkOptions;
import org.ladewerk.simulator.station.Behaviour;
import org.ladewerk.simulator.station.ChargePoint;
import org.ladewerk.simulator.station.Registration;
import tools.jackson.databind.SerializationFeature;

/**
 * The emulator as a load generator: many stations with a fixed message mix against one central
 * system, measuring connections, the boot storm and every call's round trip. A run is bounded:
 * the boot phase by its timeout, then warm-up and measurement window, then it stops by itself.
 */
public final class LoadGenerator {

    private static final Duration PROGRESS = Duration.ofSeconds(5);
    static final String LOOPBACK = "127.0.0.1";

    private LoadGenerator() {
    }

    public static LoadReport run(LoadOptions o, PrintStream out) throws IOException, InterruptedException {
        var stats = new LoadStats();
        List<InetAddress> sources = sources(o.sources());
        // no emulator-wide URL: each station has its own (see url), so that several targets can share the load
        var options = Emulator.Options.defaults()
                .withObserver(stats)
                .withBindAddresses(sources, Math.max(16, Runtime.getRuntime().availableProcessors() * 8))
                .withLink(LinkOptions.defaults().withResponseTimeout(Duration.ofSeconds(60))
                        .withReconnect(Duration.ofSeconds(2), Duration.ofSeconds(30)).withEcho(o.echo()));
        try (var emulator = new Emulator(options)) {
            List<ChargePoint> stations = new ArrayList<>();
            List<EchoStation> echoes = new ArrayList<>();
            for (int i = 1; i <= o.stations(); i++) {
                String id = stationId(o.idPrefix(), i);
                String url = url(o.url(), o.targets(), i);
                if (o.echo()) echoes.add(new EchoStation(emulator, id, url, o.meterInterval(), o.measurands()));
                else stations.add(emulator.add(config(o, id, url), null, behaviour(o, i)));
            }
            out.printf(Locale.ROOT, "load: %d stations against %s (%d target address(es)) from %d source address(es)%n", o.stations(), o.url(),
                    Math.max(1, o.targets()), Math.max(1, sources.size()));
            // counted as they become ready: scanning 19,000 stations every 50 ms cost this process CPU
            // on the cores the server under test shares (a boot storm took 0.6 s longer with the scan)
            var readyStations = new AtomicInteger();
            stations.forEach(s -> s.ready().whenComplete((v, e) -> readyStations.incrementAndGet()));
            // when the last station's BootNotification was accepted, before the StatusNotifications that follow it
            var acceptedStations = new AtomicInteger();
            var allAcceptedAt = new AtomicLong();
            stations.forEach(s -> s.accepted().whenComplete((v, e) -> {
                if (acceptedStations.incrementAndGet() == o.stations()) allAcceptedAt.set(System.nanoTime());
            }));
            long t0 = System.nanoTime();
            start(o, stations, echoes);

            // boot storm: until every station is accepted and its first status notifications are answered
            long deadline = t0 + o.bootTimeout().toNanos();
            long nextProgress = t0;
            Double bootSeconds = null;
            while (System.nanoTime() < deadline) {
                int ready = o.echo() ? (int) echoes.stream().filter(EchoStation::open).count()
                        : readyStations.get();
                if (ready == o.stations()) {
                    bootSeconds = (System.nanoTime() - t0) / 1e9;
                    break;
                }
                if (System.nanoTime() >= nextProgress) {
                    out.printf(Locale.ROOT, "boot  t=%5.1fs connected=%d ready=%d sent=%d answered=%d errors=%d%n",
                            (System.nanoTime() - t0) / 1e9, stats.connectedNow(), ready, stats.sent(), stats.answered(), stats.errors());
                    nextProgress += PROGRESS.toNanos();
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
            Double acceptedSeconds = o.echo() || allAcceptedAt.get() == 0 ? null : (allAcceptedAt.get() - t0) / 1e9;
            int accepted = o.echo() ? stats.connectedNow() : (int) stations.stream().filter(s -> s.registration() == Registration.Accepted).count();
            out.printf(Locale.ROOT, "BOOTED stations=%d connected=%d accepted=%d seconds=%s%n", o.stations(), stats.connectedNow(), accepted,
                    bootSeconds == null ? "incomplete" : String.format(Locale.ROOT, "%.2f", bootSeconds));
            out.flush();

            pace("warmup", o.warmup(), stats, out);
            stats.startWindow();
            long answered0 = stats.answered();
            long w0 = System.nanoTime();
            pace("load", o.duration(), stats, out);
            double window = (System.nanoTime() - w0) / 1e9;
            long windowAnswered = stats.answered() - answered0;
            var byAction = new LinkedHashMap<String, LoadReport.Latency>();
            stats.windowByAction().forEach((a, h) -> byAction.put(a, LoadReport.Latency.of(h)));
            int acceptedEnd = o.echo() ? stats.connectedNow() : (int) stations.stream().filter(s -> s.registration() == Registration.Accepted).count();
            var report = new LoadReport(o.url(), o.echo(), o.stations(), Math.max(1, sources.size()), Math.max(1, o.targets()), stats.connectedNow(), stats.peakConnected(),
                    Math.max(accepted, acceptedEnd), acceptedSeconds, bootSeconds, window, stats.sent(), stats.answered(), windowAnswered, stats.errors(),
                    stats.timeouts(), stats.connectFailures(), stats.disconnects(),
                    stations.stream().mapToLong(ChargePoint::rejectedTags).sum(), windowAnswered / window,
                    LoadReport.Latency.of(stats.windowHistogram()), byAction);
            out.print(report.summary());
            if (o.report() != null) {
                if (o.report().getParent() != null) Files.createDirectories(o.report().getParent());
                Files.writeString(o.report(), Json.mapper().rebuild().enable(SerializationFeature.INDENT_OUTPUT).build()
                        .writeValueAsString(report));
                out.println("report written to " + o.report());
            }
            report.problems().forEach(p -> out.println("PROBLEM " + p));
            out.println("DONE");
            out.flush();
            return report;
        }
    }

    private static void start(LoadOptions o, List<ChargePoint> stations, List<EchoStation> echoes) throws InterruptedException {
        int n = o.stations();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (o.rampPerSecond() > 0) {
                long due = t0 + (long) (i / o.rampPerSecond() * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (o.echo()) echoes.get(i).start();
            else stations.get(i).start();
        }
    }

    private static void pace(String phase, Duration length, LoadStats stats, PrintStream out) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long lastAnswered = stats.answered();
        long last = start;
        while (System.nanoTime() < end) {
            TimeUnit.NANOSECONDS.sleep(Math.min(PROGRESS.toNanos(), end - System.nanoTime()));
            long now = System.nanoTime();
            long answered = stats.answered();
            out.printf(Locale.ROOT, "%-6s t=%5.1fs connected=%d sent=%d answered=%d rate=%.0f/s errors=%d timeouts=%d%n", phase,
                    (now - start) / 1e9, stats.connectedNow(), stats.sent(), answered, (answered - lastAnswered) / ((now - last) / 1e9),
                    stats.errors(), stats.timeouts());
            lastAnswered = answered;
            last = now;
        }
    }

    /** The id of station {@code number} of a load: the prefix and six digits (what a server must know to register them ahead). */
    public static String stationId(String prefix, int number) {
        return prefix + String.format(Locale.ROOT, "%06d", number);
    }

    /**
     * The URL station {@code index} connects to: with several targets, 127.0.0.1, 127.0.0.2, ... in turn.
     * Linux gives connect() the even half of the ephemeral port range first (about 14,000 ports) and
     * only then searches the odd half, on every connect; to another destination address the same
     * ports are free again. Connecting 19,000 sockets to one address cost about 450 µs of kernel CPU
     * per connect after the first 14,000 (20 µs before), on the cores the server under test shares.
     */
    static String url(String url, int targets, int index) {
        if (targets <= 1) return url;
        if (!onLoopback(url)) throw new IllegalArgumentException("several target addresses need a URL on " + LOOPBACK + ", not " + url);
        URI u = URI.create(url);
        try {
            String host = "127.0.0." + (1 + Math.floorMod(index, targets));
            return new URI(u.getScheme(), u.getUserInfo(), host, u.getPort(), u.getPath(), u.getQuery(), u.getFragment()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** One target address per 10,000 stations when the URL is on 127.0.0.1, else the URL as given. */
    public static int defaultTargets(String url, int stations) {
        return onLoopback(url) ? Math.max(1, (stations + 9_999) / 10_000) : 1;
    }

    /** Whether the URL's host is 127.0.0.1, which several target addresses need. */
    public static boolean onLoopback(String url) {
        return LOOPBACK.equals(URI.create(url).getHost());
    }

    private static StationConfig config(LoadOptions o, String id, String url) {
        StationConfig base = StationConfig.create(id, url, o.connectors(), "Ladewerk", "LoadStation");
        var keys = new ArrayList<ConfigKey>(base.configurationKey());
        keys.add(new ConfigKey(Keys.METER_VALUES_SAMPLED_DATA, false, String.join(",", o.measurands())));
        if (o.password() != null) keys.add(new ConfigKey(Keys.AUTHORIZATION_KEY, false, o.password()));
        return base.withKeys(keys);
    }

    private static Behaviour behaviour(LoadOptions o, int index) {
        // one shared tag (the central system must allow it many transactions at once), or each station its own
        String prefix = o.idPrefix().replaceAll("[^A-Za-z0-9]", "");
        String tag = o.idTag() != null ? o.idTag()
                : (prefix.length() > 12 ? prefix.substring(0, 12) : prefix) + "T" + Integer.toString(index, 36).toUpperCase();
        Duration stay = o.duration().plus(o.warmup()).plus(o.bootTimeout()).multipliedBy(10);
        return new Behaviour(o.sessionsPerHour(), null, stay, stay.plusMinutes(1), stay, List.of(tag), o.sessionsAtStart(), 0,
                o.heartbeat(), o.meterInterval(), true);
    }

    /** 127.0.0.2, 127.0.0.3, ...: each loopback address has its own range of ephemeral ports. */
    static List<InetAddress> sources(int count) throws UnknownHostException {
        var out = new ArrayList<InetAddress>();
        for (int i = 0; i < count; i++) out.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)}));
        return out;
    }
}
