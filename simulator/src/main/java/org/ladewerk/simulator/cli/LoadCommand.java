package org.ladewerk.simulator.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.ladewerk.simulator.load.LoadGenerator;
import org.ladewerk.simulator.load.LoadOptions;
import org.ladewerk.simulator.load.LoadReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Many stations against one central system, measured. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load generator: N emulated stations with a fixed message mix; prints and writes a JSON summary.")
final class LoadCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "ws://127.0.0.1:9220/ocpp", description = "Central system URL (default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--stations", defaultValue = "100", description = "Number of stations (default ${DEFAULT-VALUE}).")
    int stations;

    @Option(names = "--ramp", defaultValue = "0", description = "Stations started per second; 0 starts all at once (default ${DEFAULT-VALUE}).")
    double ramp;

    @Option(names = "--sources", defaultValue = "-1",
            description = "Source addresses 127.0.0.2.. to bind connections to (default: none up to 25,000 stations, as one address"
                    + " has ~28,000 ephemeral ports and an explicit bind makes the kernel search for a port on every connect; 0: none).")
    int sources;

    @Option(names = "--targets", defaultValue = "-1",
            description = "With a URL on 127.0.0.1: connect the stations to 127.0.0.1, 127.0.0.2, ... in turn, the server listening on"
                    + " all loopback addresses (default: one address per 10,000 stations, as Linux has about 14,000 cheap ports for"
                    + " connections to one address and searches the port range on every connect beyond them; 1: the URL as given).")
    int targets;

    @Option(names = "--connectors", defaultValue = "1", description = "Connectors per station (default ${DEFAULT-VALUE}).")
    int connectors;

    @Option(names = "--heartbeat", defaultValue = "300s", description = "Heartbeat interval (default ${DEFAULT-VALUE}).")
    Duration heartbeat;

    @Option(names = "--meter-interval", defaultValue = "60s", description = "Meter sample interval while charging (default ${DEFAULT-VALUE}).")
    Duration meterInterval;

    @Option(names = "--sessions-at-start", description = "Every connector starts a transaction once its station is accepted.")
    boolean sessionsAtStart;

    @Option(names = "--sessions-per-hour", defaultValue = "0", description = "EV arrivals per station and hour (default ${DEFAULT-VALUE}).")
    double sessionsPerHour;

    @Option(names = "--measurands", split = ",",
            defaultValue = "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC",
            description = "Measurands of each MeterValues (default ${DEFAULT-VALUE}).")
    List<String> measurands;

    @Option(names = "--boot-timeout", defaultValue = "120s", description = "Longest wait for all stations to be accepted (default ${DEFAULT-VALUE}).")
    Duration bootTimeout;

    @Option(names = "--warmup", defaultValue = "10s", description = "Load before measuring (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--duration", defaultValue = "30s", description = "Measurement window (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--echo", description = "The URL is a WebSocket echo endpoint: no boot, MeterValues only (transport baseline).")
    boolean echo;

    @Option(names = "--id-prefix", defaultValue = "LOAD-", description = "Station id prefix (default ${DEFAULT-VALUE}).")
    String idPrefix;

    @Option(names = "--id-tag", defaultValue = "EMULATOR",
            description = "Id tag every driver presents (default ${DEFAULT-VALUE}, which the demo registers for many transactions at once).")
    String idTag;

    @Option(names = "--own-id-tags", description = "Each station presents its own tag (id prefix letters, T, number) instead of --id-tag.")
    boolean ownIdTags;

    @Option(names = "--password", description = "Password every station presents with HTTP Basic (OCPP security profile 1); the central"
            + " system must have it for each station.")
    String password;

    @Option(names = "--report", description = "Write the JSON summary here.")
    Path report;

    @Override
    public Integer call() throws Exception {
        int src = sources >= 0 ? sources : stations <= 25_000 ? 0 : (stations + 19_999) / 20_000;
        int dst = targets > 0 ? targets : LoadGenerator.defaultTargets(url, stations);
        if (dst > 1 && !LoadGenerator.onLoopback(url)) {
            System.err.println("load: --targets " + dst + " needs a URL on 127.0.0.1, not " + url);
            return 2;
        }
        LoadReport r = LoadGenerator.run(new LoadOptions(url, stations, ramp, src, dst, connectors, heartbeat, meterInterval, sessionsAtStart,
                sessionsPerHour, measurands, bootTimeout, warmup, duration, echo, idPrefix, ownIdTags ? null : idTag, password, report), System.out);
        if (r.problems().isEmpty()) return 0;
        System.err.println("load: FAILED, the figures above do not measure what was asked:");
        r.problems().forEach(p -> System.err.println("  - " + p));
        return 1;
    }
}
