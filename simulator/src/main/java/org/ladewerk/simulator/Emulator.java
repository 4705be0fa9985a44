package org.ladewerk.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.ladewerk.ocpp.schema.OcppSchemas;
import org.ladewerk.simulator.config.Configuration;
import org.ladewerk.simulator.config.Keys;
import org.ladewerk.simulator.config.StationConfig;
import org.ladewerk.simulator.config.StationFolder;
import org.ladewerk.simulator.link.CallObserver;
import org.ladewerk.simulator.link.LinkOptions;
import org.ladewerk.simulator.link.Network;
import org.ladewerk.simulator.link.OcppLink;
import org.ladewerk.simulator.station.Behaviour;
import org.ladewerk.simulator.station.ChargePoint;
import org.ladewerk.simulator.station.Environment;
import org.ladewerk.simulator.station.Ticks;
import org.ladewerk.simulator.v2.ChargingStation2;
import org.ladewerk.simulator.v2.Station2Config;

/**
 * A set of emulated charge points sharing one network client, timers and threads: what the
 * command line runs, what the central system's demo embeds, and what a load run scales up.
 */
public final class Emulator implements AutoCloseable {

    /**
     * @param url             central system URL that overrides each station's CentralSystemURL (null: keep theirs)
     * @param bindAddresses   local addresses to connect from (empty: any)
     * @param schemas         compiled OCPP schemas to share (null: loaded here)
     */
    public record Options(String url, LinkOptions link, Duration rebootTime, Duration maintenanceStep,
                          List<InetAddress> bindAddresses, int networkThreads, CallObserver observer,
                          OcppSchemas schemas, Clock clock, long seed) {

        public static Options defaults() {
            return new Options(null, LinkOptions.defaults(), Duration.ofSeconds(3), Duration.ofSeconds(2), List.of(), 32,
                    CallObserver.NONE, null, Clock.systemUTC(), System.nanoTime());
        }

        public Options withUrl(String v) {
            return new Options(v, link, rebootTime, maintenanceStep, bindAddresses, networkThreads, observer, schemas, clock, seed);
        }

        public Options withLink(LinkOptions v) {
            return new Options(url, v, rebootTime, maintenanceStep, bindAddresses, networkThreads, observer, schemas, clock, seed);
        }

        public Options withTimings(Duration reboot, Duration step) {
            return new Options(url, link, reboot, step, bindAddresses, networkThreads, observer, schemas, clock, seed);
        }

        public Options withBindAddresses(List<InetAddress> v, int threads) {
            return new Options(url, link, rebootTime, maintenanceStep, v, threads, observer, schemas, clock, seed);
        }

        public Options withObserver(CallObserver v) {
            return new Options(url, link, rebootTime, maintenanceStep, bindAddresses, networkThreads, v, schemas, clock, seed);
        }

        public Options withSchemas(OcppSchemas v) {
            return new Options(url, link, rebootTime, maintenanceStep, bindAddresses, networkThreads, observer, v, clock, seed);
        }

        public Options withSeed(long v) {
            return new Options(url, link, rebootTime, maintenanceStep, bindAddresses, networkThreads, observer, schemas, clock, v);
        }
    }

    private final Options options;
    private final Network network;
    private final ScheduledThreadPoolExecutor timers;
    private final Ticks ticks;
    private final ExecutorService workers;
    private final Environment env;
    private final Map<String, ChargePoint> stations = new ConcurrentHashMap<>();
    private final Map<String, ChargingStation2> stations2 = new ConcurrentHashMap<>();
    private final List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());

    public Emulator(Options options) {
        this.options = options;
        this.network = new Network(options.bindAddresses(), options.networkThreads());
        this.timers = new ScheduledThreadPoolExecutor(2, Thread.ofPlatform().name("emulator-timer-", 0).daemon().factory());
        this.timers.setRemoveOnCancelPolicy(true);
        // a station task still running as the emulator closes may arm a timer (a response timeout, its next
        // tick): dropped, as nothing waits for it, instead of failing that task (the load generator logged a
        // RejectedExecutionException per such station after its report)
        this.timers.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardPolicy());
        this.ticks = new Ticks(timers);
        this.workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("emulator-", 0).factory());
        OcppSchemas schemas = options.schemas() != null ? options.schemas() : OcppSchemas.load();
        this.env = new Environment(network, timers, ticks, workers, schemas, options.clock(), options.observer(), options.link(),
                options.rebootTime(), options.maintenanceStep(), options.seed());
    }

    /** A station from its folder; its configuration.json is read now and written back on changes. */
    public ChargePoint add(StationFolder folder, Behaviour behaviour) throws IOException {
        return add(folder.read(), folder, behaviour);
    }

    /** A station from a configuration; with a folder, changes are saved there. */
    public ChargePoint add(StationConfig config, StationFolder folder, Behaviour behaviour) {
        var configuration = new Configuration(config, folder);
        if (options.url() != null) configuration.setLocally(Keys.CENTRAL_SYSTEM_URL, options.url());
        String identity = configuration.get(Keys.STATION_IDENTITY)
                .filter(s -> !s.isBlank())
                .orElseGet(() -> folder != null ? folder.directory().getFileName().toString() : null);
        if (identity == null) throw new IllegalArgumentException("station without StationIdentity and folder");
        var station = new ChargePoint(identity, configuration, env, behaviour);
        if (stations.putIfAbsent(identity, station) != null) throw new IllegalArgumentException("two stations named " + identity);
        order.add(identity);
        return station;
    }

    /** An OCPP 2.0.1 / 2.1 station from a configuration in the 2.x layout; with a file, SetVariables saves there. */
    public ChargingStation2 add(String identity, Station2Config config) {
        if (options.url() != null) config.centralSystemUrl(options.url());
        var station = new ChargingStation2(identity, config, env, (id, version, url, handler) -> new OcppLink(id, url, () -> null,
                network, timers, env.schemas(), handler, options.observer(), options.link(), new OcppLink.RetryPolicy() {
                    @Override public int attempts() { return 3; }
                    @Override public Duration interval() { return Duration.ofSeconds(10); }
                }, version));
        if (stations.containsKey(identity) || stations2.putIfAbsent(identity, station) != null)
            throw new IllegalArgumentException("two stations named " + identity);
        return station;
    }

    /** A bare link to {@code url} with this emulator's network and timers, for callers that script the traffic themselves. */
    public OcppLink link(String identity, String url, OcppLink.Handler handler) {
        return new OcppLink(identity, () -> url, () -> null, network, timers, env.schemas(), handler, options.observer(),
                options.link(), new OcppLink.RetryPolicy() {
                    @Override public int attempts() { return 1; }
                    @Override public Duration interval() { return Duration.ofSeconds(1); }
                });
    }

    /** Timers shared by the stations. */
    public java.util.concurrent.ScheduledExecutorService timers() {
        return timers;
    }

    /** The stations' periodic ticks, batched by phase on {@link #timers}. */
    public Ticks ticks() {
        return ticks;
    }

    public Optional<ChargePoint> station(String identity) {
        return Optional.ofNullable(stations.get(identity));
    }

    public List<ChargePoint> stations() {
        synchronized (order) {
            return order.stream().map(stations::get).toList();
        }
    }

    public void startAll() {
        stations().forEach(ChargePoint::start);
        stations2.values().forEach(ChargingStation2::start);
    }

    /** Stops every station in order (transactions end, then disconnect), waiting at most {@code grace}. */
    public void shutdown(Duration grace) {
        Collection<ChargePoint> all = stations();
        var stopping = new ArrayList<CompletableFuture<?>>();
        all.forEach(s -> stopping.add(s.shutdown(grace)));
        stations2.values().forEach(s -> stopping.add(s.stop()));
        CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, grace.toMillis() + 1000, TimeUnit.MILLISECONDS).join();
    }

    @Override
    public void close() {
        timers.shutdownNow();
        network.close();
        workers.shutdownNow();
    }
}
