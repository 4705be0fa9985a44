package org.ladewerk.simulator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ladewerk.simulator.config.StationConfig;
import org.ladewerk.simulator.config.StationFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes station folders with an ocpp-cs style configuration.json each. */
@Command(name = "init", mixinStandardHelpOptions = true, description = "Create station folders (configuration.json in the ocpp-cs layout).")
final class InitCommand implements Callable<Integer> {

    @Option(names = "--dir", required = true, description = "Folder to create the station folders in.")
    Path dir;

    @Option(names = "--count", defaultValue = "3", description = "Number of stations (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--prefix", defaultValue = "CP", description = "Station ids are the prefix and a number (default ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--connectors", defaultValue = "2", description = "Connectors per station (default ${DEFAULT-VALUE}).")
    int connectors;

    @Option(names = "--url", defaultValue = "ws://localhost:9220/ocpp", description = "CentralSystemURL (default ${DEFAULT-VALUE}).")
    String url;

    @Override
    public Integer call() throws Exception {
        for (int i = 1; i <= count; i++) {
            String id = prefix + i;
            var folder = new StationFolder(dir.resolve(id));
            if (Files.exists(folder.configFile())) {
                System.out.println("kept     " + folder.configFile());
                continue;
            }
            folder.write(StationConfig.create(id, url, connectors, "Ladewerk", "Emulator"));
            System.out.println("created  " + folder.configFile());
        }
        return 0;
    }
}
