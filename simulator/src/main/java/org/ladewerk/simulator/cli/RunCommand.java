package org.ladewerk.simulator.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ladewerk.simulator.Emulator;
import org.ladewerk.simulator.config.StationFolder;
import org.ladewerk.simulator.v2.Station2Config;
import org.ladewerk.simulator.station.Behaviour;
import org.ladewerk.simulator.station.ChargePoint;
import org.ladewerk.simulator.station.ConnectorState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Emulates the stations of one or more folders against a central system until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Emulate the stations in the given folders (a station folder, or a folder of them like ocpp-cs conf/cp).")
final class RunCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FOLDER", description = "Station folder(s) holding configuration.json, or their parent.")
    List<Path> folders;

    @Option(names = "--url", description = "Central system URL for all stations, e.g. ws://localhost:9220/ocpp (default: each station's CentralSystemURL).")
    String url;

    @Option(names = "--sessions-per-hour", defaultValue = "2", description = "EV arrivals per station and hour (default ${DEFAULT-VALUE}; 0: none).")
    double sessionsPerHour;

    @Option(names = "--first-session-within", defaultValue = "60s", description = "The first EV arrives within this time (default ${DEFAULT-VALUE}).")
    Duration firstSessionWithin;

    @Option(names = "--stay-min", defaultValue = "10m", description = "Shortest stay of an EV (default ${DEFAULT-VALUE}).")
    Duration stayMin;

    @Option(names = "--stay-max", defaultValue = "90m", description = "Longest stay of an EV (default ${DEFAULT-VALUE}).")
    Duration stayMax;

    @Option(names = "--id-tag", defaultValue = "EMULATOR", description = "Id tag(s) the drivers present (repeatable; default ${DEFAULT-VALUE},"
            + " which the demo registers; elsewhere register it first: PUT /api/v1/id-tags/EMULATOR).")
    List<String> idTags;

    @Option(names = "--faults-per-hour", defaultValue = "0", description = "Random connector faults per station and hour (default ${DEFAULT-VALUE}).")
    double faultsPerHour;

    @Option(names = "--for", description = "Stop after this long (default: until Ctrl-C).")
    Duration runFor;

    @Option(names = "--status-every", defaultValue = "15s", description = "Print every station's state this often (default ${DEFAULT-VALUE}; 0s: never).")
    Duration statusEvery;

    @Override
    public Integer call() throws Exception {
        var stationFolders = new ArrayList<StationFolder>();
        for (Path p : folders) stationFolders.addAll(StationFolder.discover(p));
        if (stationFolders.isEmpty()) {
            System.err.println("no configuration.json found in " + folders + " (create some with: init --dir " + folders.getFirst() + ")");
            return 2;
        }
        var behaviour = Behaviour.site(idTags).withSessionsPerHour(sessionsPerHour).withFirstArrivalWithin(firstSessionWithin)
                .withStay(stayMin, stayMax).withFaultsPerHour(faultsPerHour);
        var emulator = new Emulator(Emulator.Options.defaults().withUrl(url));
        var stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.out.println("stopping: ending transactions and disconnecting...");
            emulator.shutdown(Duration.ofSeconds(10));
            emulator.close();
            stopped.countDown();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        for (StationFolder f : stationFolders) {
            Path file = f.directory().resolve(StationFolder.CONFIG_FILE);
            if (Station2Config.isV2(file)) { // the ocpp-cs 2.0.1 layout
                emulator.add(f.directory().getFileName().toString(), Station2Config.read(file));
                continue;
            }
            ChargePoint cp = emulator.add(f, behaviour);
            System.out.printf("%-20s %s -> %s%n", cp.identity(), f.directory(), cp.configuration().get("CentralSystemURL", "?"));
        }
        emulator.startAll();
        long end = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
        long every = statusEvery.isZero() ? Long.MAX_VALUE : statusEvery.toMillis();
        while (System.nanoTime() < end) {
            if (stopped.await(Math.min(every, Math.max(1, (end - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS)) return 0;
            if (every != Long.MAX_VALUE) emulator.stations().forEach(RunCommand::print);
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        hook.run();
        return 0;
    }

    private static void print(ChargePoint cp) {
        var b = new StringBuilder(String.format("%-20s %-8s %-7s", cp.identity(), cp.registration(), cp.online() ? "online" : "OFFLINE"));
        for (ConnectorState c : cp.connectors()) {
            b.append(String.format("  #%d %-13s", c.connectorId(), c.status()));
            if (c.transactionId() != null) b.append(String.format(" tx %d", c.transactionId()));
            if (c.powerW() > 0) b.append(String.format(" %.1f kW", c.powerW() / 1000));
            if (c.socPercent() != null) b.append(String.format(" %.0f%%", c.socPercent()));
        }
        if (cp.backlog() > 0) b.append("  queued ").append(cp.backlog());
        if (cp.notCharging() != null) b.append("  (").append(cp.notCharging()).append(')');
        System.out.println(b);
    }
}
