package org.ladewerk.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ladewerk.ocpp.schema.OcppSchemas;
import org.ladewerk.simulator.Emulator;
import org.ladewerk.simulator.config.ConfigKey;
import org.ladewerk.simulator.config.StationConfig;
import org.ladewerk.simulator.config.StationFolder;
import org.ladewerk.simulator.link.LinkOptions;
import org.ladewerk.simulator.station.ChargePoint;
import org.ladewerk.simulator.station.Registration;

/** Emulated stations for tests: fast reboots and maintenance steps, quick reconnects, one shared schema set. */
final class Emulators {

    static final OcppSchemas SCHEMAS = OcppSchemas.load();

    private Emulators() {
    }

    static Emulator create(int port) {
        return new Emulator(Emulator.Options.defaults()
                .withUrl("ws://127.0.0.1:" + port + "/ocpp")
                .withSchemas(SCHEMAS)
                .withLink(LinkOptions.defaults().withResponseTimeout(Duration.ofSeconds(5))
                        .withReconnect(Duration.ofMillis(200), Duration.ofSeconds(1)))
                .withTimings(Duration.ofMillis(300), Duration.ofMillis(200))
                .withSeed(42));
    }

    /** A station folder with an ocpp-cs style configuration.json: {@code connectors} AC connectors, 1 s meter samples. */
    static StationFolder folder(Path root, String id, int connectors, Map<String, String> keys) {
        StationConfig base = StationConfig.create(id, "ws://localhost:9220/ocpp", connectors, "Ladewerk", "Emulator");
        var all = new ArrayList<ConfigKey>();
        for (ConfigKey k : base.configurationKey()) all.add(keys.containsKey(k.key()) ? k.withValue(keys.get(k.key())) : k);
        keys.forEach((k, v) -> {
            if (all.stream().noneMatch(e -> e.key().equals(k))) all.add(new ConfigKey(k, false, v));
        });
        if (!keys.containsKey("MeterValueSampleInterval"))
            all.replaceAll(k -> k.key().equals("MeterValueSampleInterval") ? k.withValue("1") : k);
        var folder = new StationFolder(root.resolve(id));
        try {
            folder.write(base.withKeys(List.copyOf(all)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }

    static void awaitAccepted(ChargePoint cp) {
        await().atMost(Duration.ofSeconds(15)).until(() -> cp.registration() == Registration.Accepted && cp.online());
    }

    static void awaitBoots(ChargePoint cp, int boots) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(cp.boots()).isGreaterThanOrEqualTo(boots);
            assertThat(cp.registration()).isEqualTo(Registration.Accepted);
        });
    }
}
