package org.ladewerk.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ladewerk.ocpp.schema.OcppSchemas;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.authorization.AuthorizationStatus;
import org.ladewerk.server.authorization.IdTagService;
import org.ladewerk.server.authorization.IdTagService.IdTagChange;
import org.ladewerk.server.station.RegistrationStatus;
import org.ladewerk.server.station.StationService;
import org.ladewerk.server.station.StationService.StationChange;
import org.ladewerk.simulator.Emulator;
import org.ladewerk.simulator.config.ConfigKey;
import org.ladewerk.simulator.config.Keys;
import org.ladewerk.simulator.config.StationConfig;
import org.ladewerk.simulator.config.StationFolder;
import org.ladewerk.simulator.station.Behaviour;
import org.ladewerk.simulator.station.ChargePoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The live demo: a few emulated stations in the demo launcher's process, connected to the server's
 * own OCPP endpoint, that boot, idle and run charging sessions now and then, so a first start shows
 * live data at once. Their folders (configuration.json, local list) live in the data directory and
 * keep what the central system changes. It also registers the id tag the emulator's drivers present
 * by default ({@value #EMULATOR_TAG}), so the README's emulator and load commands charge against a
 * server started with {@code ./ladewerk}. Off with {@code ladewerk.demo.enabled=false}.
 */
@Component
@ConditionalOnBooleanProperty(name = "ladewerk.demo.enabled", matchIfMissing = true)
public class DemoStations implements SmartLifecycle, ApplicationListener<WebServerInitializedEvent> {

    static final String PREFIX = "DEMO-";
    static final List<String> TAGS = List.of("DEMO-TAG-1", "DEMO-TAG-2", "DEMO-TAG-3", "DEMO-TAG-4");
    /** The emulator CLI's default tag ({@code run --id-tag}, {@code load --id-tag}), shared by many stations at once. */
    static final String EMULATOR_TAG = "EMULATOR";
    private static final int EMULATOR_TAG_TRANSACTIONS = 100_000;
    private static final Logger log = LoggerFactory.getLogger(DemoStations.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final LadewerkProperties properties;
    private final DemoProperties demo;
    private final IdTagService idTags;
    private final StationService stations;
    private final OcppSchemas schemas;
    private final Path folder;
    private volatile int port;
    private volatile Emulator emulator;

    public DemoStations(LadewerkProperties properties, DemoProperties demo, IdTagService idTags, StationService stations,
                        OcppSchemas schemas, @Value("${ladewerk.data-dir:./data}") String dataDir) {
        this.properties = properties;
        this.demo = demo;
        this.idTags = idTags;
        this.stations = stations;
        this.schemas = schemas;
        this.folder = Path.of(dataDir, "demo-stations");
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        port = event.getWebServer().getPort();
    }

    @Override
    public void start() {
        String url = "ws://127.0.0.1:" + port + "/ocpp";
        try {
            for (String tag : TAGS) {
                if (idTags.find(tag).isEmpty())
                    idTags.save(tag, new IdTagChange(null, AuthorizationStatus.Accepted, null, 10, "demo driver"), false).get(10, TimeUnit.SECONDS);
            }
            if (idTags.find(EMULATOR_TAG).isEmpty())
                idTags.save(EMULATOR_TAG, new IdTagChange(null, AuthorizationStatus.Accepted, null, EMULATOR_TAG_TRANSACTIONS,
                        "drivers of ./ladewerk emulator run and load"), false).get(10, TimeUnit.SECONDS);
            var emulator = new Emulator(Emulator.Options.defaults().withUrl(url).withSchemas(schemas));
            var behaviour = Behaviour.site(TAGS).withSessionsPerHour(demo.sessionsPerHour())
                    .withFirstArrivalWithin(demo.firstSessionWithin()).withStay(Duration.ofMinutes(3), Duration.ofMinutes(12));
            var started = new ArrayList<String>();
            for (int i = 1; i <= demo.stations(); i++) {
                String id = PREFIX + i;
                StationFolder station = prepare(id, url, demo.meterInterval());
                ChargePoint cp = emulator.add(station, behaviour);
                register(id, cp);
                started.add(id);
            }
            emulator.startAll();
            this.emulator = emulator;
            log.info("demo: {} emulated stations ({}) charge now and then; turn off with ladewerk.demo.enabled=false", started.size(),
                    String.join(", ", started));
        } catch (Exception e) {
            log.warn("demo stations could not start: {}", e.toString());
        }
    }

    /** The station's folder in the data directory: made on the first start, kept (with its changes) after that. */
    private StationFolder prepare(String id, String url, Duration meterInterval) throws IOException {
        var station = new StationFolder(folder.resolve(id));
        if (!Files.exists(station.configFile())) {
            StationConfig config = StationConfig.create(id, url, 2, "Ladewerk", "Demo AC 2x22");
            var keys = new ArrayList<ConfigKey>();
            for (ConfigKey k : config.configurationKey())
                keys.add(k.key().equals(Keys.METER_VALUE_SAMPLE_INTERVAL) ? k.withValue(Long.toString(meterInterval.toSeconds())) : k);
            station.write(config.withKeys(keys));
        }
        return station;
    }

    /** Known and accepted whatever the admission rules; with passwords required it gets one (security profile 1). */
    private void register(String id, ChargePoint cp) throws Exception {
        String password = null;
        if (properties.ocpp().requirePassword()) {
            byte[] secret = new byte[12];
            new SecureRandom().nextBytes(secret);
            password = HexFormat.of().formatHex(secret);
            cp.configuration().setLocally(Keys.AUTHORIZATION_KEY, password);
        }
        if (!stations.exists(id) || password != null)
            stations.upsert(id, new StationChange(RegistrationStatus.Accepted, password, null, null)).get(10, TimeUnit.SECONDS);
    }

    /** Transactions end and the stations say goodbye while the OCPP endpoint still takes their messages. */
    @Override
    public void stop() {
        Emulator e = emulator;
        emulator = null;
        if (e == null) return;
        e.shutdown(STOP_GRACE);
        e.close();
    }

    @Override
    public boolean isRunning() {
        return emulator != null;
    }

    /** Starts after the OCPP endpoint accepts connections and stops before it closes them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 900;
    }
}
