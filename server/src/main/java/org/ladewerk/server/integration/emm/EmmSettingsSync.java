package org.ladewerk.server.integration.emm;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.command.StationSettings;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.live.LiveStation;
import org.ladewerk.server.live.LiveView;
import org.ladewerk.server.worker.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Two-way settings sync with the EMM, every {@code ladewerk.emm.sync-interval} for the stations connected
 * to this node and on each station boot: {@code GET {emm}/stations/{id}/settings}; a value newer than the
 * key's last local change is applied through the version-neutral {@link StationSettings}; the actual
 * values are read back and sent with {@code PUT}. A local change (Ladewerk's API, or a value the station
 * reports differently from what was last known) after the EMM's {@code updatedAt} wins and is pushed; the
 * conflict is logged. A sync that finds nothing to change sends no command to the station.
 */
@Component
public class EmmSettingsSync implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmmSettingsSync.class);
    static final String CURRENT_LIMIT = "ChargeRateLimitA";
    static final String AVAILABILITY = "Availability";

    /** What one sync did: per key the result of applying it, and the values read back (empty when nothing was read). */
    public record Outcome(Map<String, String> results, Map<String, String> actual, String problem) {}

    private record Document(Map<String, String> settings, Instant updatedAt, Map<String, String> rejected) {}

    private final EmmClient client;
    private final StationSettings station;
    private final SettingsState state;
    private final LiveView live;
    private final EventBus events;
    private final EmmLink link;
    private final LadewerkProperties.Emm config;
    private final Set<String> syncing = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private Periodic worker;
    private EventBus.Subscription boots;

    public EmmSettingsSync(EmmClient client, StationSettings station, SettingsState state, LiveView live, EventBus events, EmmLink link,
                           LadewerkProperties properties) {
        this.client = client;
        this.station = station;
        this.state = state;
        this.live = live;
        this.events = events;
        this.link = link;
        this.config = properties.emm();
    }

    /** Syncs one station now; null when a sync of it is already running or it is not connected. */
    public Outcome sync(String stationId, boolean readBack) {
        if (!station.connected(stationId) || !syncing.add(stationId)) return null;
        try {
            return run(stationId, readBack);
        } finally {
            syncing.remove(stationId);
        }
    }

    private Outcome run(String stationId, boolean readBack) {
        EmmClient.Answer answer = client.getSettings(stationId).join();
        if (answer.status() == 404) return new Outcome(Map.of(), Map.of(), null); // the EMM keeps nothing for this station
        if (!answer.ok()) return failed(stationId, "GET settings: " + answer.problem());
        Document doc;
        try {
            doc = parse(answer.body());
        } catch (IllegalArgumentException e) {
            return failed(stationId, "GET settings: " + e.getMessage());
        }
        Map<String, SettingsState.Known> known = state.of(stationId);
        var toApply = new LinkedHashMap<String, String>();
        boolean push = readBack || known.isEmpty();
        for (var e : doc.settings().entrySet()) {
            SettingsState.Known k = known.get(e.getKey());
            if (k != null && e.getValue().equals(k.actualValue())) continue;
            // refused before: not sent again until the EMM changes the value
            if (k != null && e.getValue().equals(k.emmValue()) && k.result() != null && !applied(k.result())) continue;
            if (k != null && k.localChangedAt() != null && k.localChangedAt().isAfter(doc.updatedAt())) {
                log.info("settings conflict on {} {}: EMM has '{}' (updated {}), changed locally to '{}' at {}; the local value wins",
                        stationId, e.getKey(), e.getValue(), doc.updatedAt(), k.actualValue(), k.localChangedAt());
                push = true;
                continue;
            }
            toApply.put(e.getKey(), e.getValue());
        }
        Map<String, String> results = new LinkedHashMap<>(doc.rejected());
        results.putAll(apply(stationId, toApply));
        if (!push && toApply.isEmpty()) {
            link.synced();
            return new Outcome(results, Map.of(), null);
        }
        var keys = new LinkedHashSet<String>(known.keySet());
        keys.addAll(doc.settings().keySet());
        return readAndPush(stationId, keys, known, toApply, results);
    }

    /** Applies settings; special keys through their own commands, the rest as configuration. */
    private Map<String, String> apply(String stationId, Map<String, String> settings) {
        var results = new LinkedHashMap<String, String>();
        var plain = new LinkedHashMap<String, String>();
        settings.forEach((key, value) -> {
            switch (key) {
                case CURRENT_LIMIT -> {
                    try {
                        double amps = Double.parseDouble(value);
                        if (amps < 0 || Double.isNaN(amps)) throw new NumberFormatException();
                        results.put(key, station.limitCurrent(stationId, amps).join());
                    } catch (NumberFormatException e) {
                        log.warn("EMM setting {} of {} is not a current in A: '{}'", key, stationId, value);
                        results.put(key, "Rejected");
                    }
                }
                case AVAILABILITY -> {
                    if (value.equals("Operative") || value.equals("Inoperative"))
                        results.put(key, station.availability(stationId, value.equals("Operative")).join());
                    else {
                        log.warn("EMM setting {} of {} must be Operative or Inoperative, not '{}'", key, stationId, value);
                        results.put(key, "Rejected");
                    }
                }
                default -> plain.put(key, value);
            }
        });
        results.putAll(station.change(stationId, plain).join());
        results.forEach((key, result) -> {
            if (!applied(result))
                log.warn("station {} answered {} to the EMM setting {} = '{}'", stationId, result, key, settings.get(key));
        });
        return results;
    }

    private Outcome readAndPush(String stationId, Set<String> keys, Map<String, SettingsState.Known> known, Map<String, String> applied,
                                Map<String, String> results) {
        var readable = new LinkedHashSet<>(keys);
        readable.remove(CURRENT_LIMIT);
        readable.remove(AVAILABILITY);
        Map<String, String> read = station.read(stationId, readable).join();
        Instant readAt = Instant.now();
        var actual = new LinkedHashMap<String, String>();
        for (String key : keys) {
            SettingsState.Known before = known.get(key);
            String result = results.get(key);
            boolean accepted = result != null && applied(result);
            String value;
            if (readable.contains(key)) value = read.get(key);
            else value = accepted ? applied.get(key) : before == null ? null : before.actualValue();
            if (value != null) actual.put(key, value);
            // a value that moved without this sync applying it was changed locally (at the station or by another client)
            boolean localChange = before != null && !applied.containsKey(key) && !Objects.equals(before.actualValue(), value);
            if (localChange) log.info("setting {} of {} changed locally from '{}' to '{}'", key, stationId, before.actualValue(), value);
            state.save(stationId, key, value, localChange ? readAt : null, applied.get(key), result);
        }
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode settings = body.putObject("settings");
        actual.forEach(settings::put);
        body.put("readAt", readAt.toString());
        ObjectNode res = body.putObject("results");
        results.forEach(res::put);
        EmmClient.Answer put = client.putSettings(stationId, body.toString()).join();
        if (!put.ok()) return failed(stationId, "PUT settings: " + put.problem());
        link.synced();
        return new Outcome(results, actual, null);
    }

    /** A change made through Ladewerk: applied now, marked local (so it wins over older EMM values) and pushed. */
    public Outcome localChange(String stationId, Map<String, String> settings) {
        if (!station.connected(stationId)) return new Outcome(Map.of(), Map.of(), "station " + stationId + " is not connected");
        Map<String, String> results = apply(stationId, settings);
        Instant now = Instant.now();
        results.forEach((key, result) -> {
            if (applied(result)) state.save(stationId, key, settings.get(key), now, null, null);
        });
        if (config.url().isEmpty()) return new Outcome(results, settings, null);
        Outcome pushed = sync(stationId, true);
        return new Outcome(results, pushed == null ? Map.of() : pushed.actual(), pushed == null ? null : pushed.problem());
    }

    private static boolean applied(String result) {
        return result.equals(StationSettings.ACCEPTED) || result.equals("RebootRequired");
    }

    /** {"settings": {key: value}, "updatedAt": ISO-8601}; values that are not text or numbers are rejected per key. */
    static Document parse(String body) {
        JsonNode doc;
        try {
            doc = Json.mapper().readTree(body == null ? "" : body);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("answer is not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (doc == null || !doc.isObject()) throw new IllegalArgumentException("answer is not a JSON object");
        if (!doc.path("settings").isObject()) throw new IllegalArgumentException("answer has no \"settings\" object");
        Instant updatedAt;
        try {
            updatedAt = Instant.parse(doc.path("updatedAt").asString(""));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("\"updatedAt\" is not an ISO-8601 time: " + doc.path("updatedAt"));
        }
        var settings = new LinkedHashMap<String, String>();
        var rejected = new LinkedHashMap<String, String>();
        doc.get("settings").properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isString() || v.isNumber() || v.isBoolean()) settings.put(e.getKey(), v.asString());
            else {
                log.warn("EMM setting {} is not a text, number or boolean: {}", e.getKey(), v);
                rejected.put(e.getKey(), "Rejected");
            }
        });
        return new Document(settings, updatedAt, rejected);
    }

    private Outcome failed(String stationId, String problem) {
        link.failed("settings of " + stationId + ": " + problem);
        log.debug("settings sync of {} failed: {}", stationId, problem);
        return new Outcome(Map.of(), Map.of(), problem);
    }

    private void syncAll() {
        for (LiveStation s : live.stations()) {
            if (!running) return;
            if (s.snapshot().online()) sync(s.snapshot().stationId(), false);
        }
    }

    @Override
    public void start() {
        running = true;
        if (config.url().isEmpty()) return;
        worker = Periodic.start("emm-settings", config.syncInterval(), config.syncInterval(), this::syncAll);
        // on each boot: read the station and bring it in line with the EMM (the transport sends our
        // commands only after the boot's answer)
        boots = events.subscribe("emm-settings-boot", 10_000, e -> {
            if (e instanceof StationEvent.Booted b && "Accepted".equals(b.registrationStatus()))
                Thread.ofVirtual().name("emm-settings-" + b.stationId()).start(() -> {
                    try {
                        sync(b.stationId(), true);
                    } catch (RuntimeException ex) {
                        log.warn("EMM settings sync of {} after boot failed", b.stationId(), ex);
                    }
                });
        });
    }

    @Override
    public void stop() {
        running = false;
        if (worker != null) worker.close();
        if (boots != null) boots.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
