package org.ladewerk.simulator.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Callable;
import org.ladewerk.simulator.load.ReconnectStorm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The reconnect storm against a running central system. */
@Command(name = "storm", mixinStandardHelpOptions = true,
        description = "Reconnect storm: N charging stations lose the network at once, reconnect and replay their queues; "
                + "prints the time until all are back and whether the central system is consistent.")
final class StormCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "ws://127.0.0.1:9220/ocpp", description = "Central system URL (default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--stations", defaultValue = "5000", description = "Number of stations (default ${DEFAULT-VALUE}).")
    int stations;

    @Option(names = "--offline", defaultValue = "60s", description = "How long all stations stay off the network (default ${DEFAULT-VALUE}).")
    Duration offline;

    @Option(names = "--meter-interval", defaultValue = "10s", description = "Meter sample interval (default ${DEFAULT-VALUE}).")
    Duration meterInterval;

    @Option(names = "--id-prefix", defaultValue = "STORM-", description = "Station id prefix (default ${DEFAULT-VALUE}).")
    String idPrefix;

    @Option(names = "--admin-user", defaultValue = "admin", description = "REST API user for the consistency check.")
    String adminUser;

    @Option(names = "--admin-password", defaultValue = "admin", description = "REST API password for the consistency check.")
    String adminPassword;

    @Option(names = "--api-key", description = "REST API key for the consistency check (instead of user and password).")
    String apiKey;

    @Override
    public Integer call() throws Exception {
        String authorization = apiKey != null ? "key:" + apiKey
                : "Basic " + Base64.getEncoder().encodeToString((adminUser + ":" + adminPassword).getBytes(StandardCharsets.UTF_8));
        var r = ReconnectStorm.run(url, stations, offline, meterInterval, idPrefix, authorization, System.out);
        return r.consistent() ? 0 : 2;
    }
}
