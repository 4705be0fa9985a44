package org.ladewerk.simulator.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A station's live configuration: the keys of its configuration.json over the emulator's defaults.
 * ChangeConfiguration goes through {@link #change}, which applies OCPP's rules (unknown key:
 * NotSupported, read-only or ill-typed value: Rejected) and saves the file. Thread-safe.
 */
public final class Configuration {

    /** ChangeConfiguration answers. */
    public enum ChangeStatus { Accepted, Rejected, RebootRequired, NotSupported }

    private final StationFolder folder;
    private StationConfig file;
    private final Map<String, ConfigKey> keys = new LinkedHashMap<>();
    /** Keys that go into the file: those it had and those changed since. Defaults stay out. */
    private final Set<String> persisted = new LinkedHashSet<>();
    /** Lists as parsed from their value, kept while it stays: every meter sample reads its measurands. */
    private final Map<String, ParsedList> lists = new HashMap<>();

    private record ParsedList(String value, List<String> items) {
    }

    public Configuration(StationConfig config, StationFolder folder) {
        this.file = config;
        this.folder = folder;
        for (ConfigKey k : config.configurationKey()) {
            keys.put(k.key(), k);
            persisted.add(k.key());
        }
        Keys.all().forEach((key, spec) -> {
            if (!keys.containsKey(key) && spec.defaultValue() != null)
                keys.put(key, new ConfigKey(key, spec.readonly(), spec.defaultValue()));
        });
        keys.put(Keys.NUMBER_OF_CONNECTORS, new ConfigKey(Keys.NUMBER_OF_CONNECTORS, true,
                Integer.toString(config.connectorId().size())));
    }

    public synchronized Optional<String> get(String key) {
        ConfigKey k = keys.get(key);
        return k == null ? Optional.empty() : Optional.ofNullable(k.value());
    }

    public String get(String key, String fallback) {
        return get(key).filter(v -> !v.isBlank()).orElse(fallback);
    }

    public int getInt(String key, int fallback) {
        try {
            return get(key).map(String::trim).map(Integer::parseInt).orElse(fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public boolean getBool(String key, boolean fallback) {
        return get(key).map(String::trim).map(Boolean::parseBoolean).orElse(fallback);
    }

    /** A comma-separated value's items, trimmed, blanks left out; unmodifiable. */
    public synchronized List<String> getList(String key) {
        String value = get(key, "");
        ParsedList parsed = lists.get(key);
        if (parsed == null || !parsed.value().equals(value)) {
            var items = new ArrayList<String>();
            for (String s : value.split(",")) if (!s.isBlank()) items.add(s.trim());
            parsed = new ParsedList(value, List.copyOf(items));
            lists.put(key, parsed);
        }
        return parsed.items();
    }

    public synchronized List<ConfigKey> all() {
        return List.copyOf(keys.values());
    }

    /** ChangeConfiguration: checks, applies and saves. */
    public ChangeStatus change(String key, String value) {
        synchronized (this) {
            ConfigKey k = keys.get(key);
            if (k == null) return ChangeStatus.NotSupported;
            if (k.readonly() || Keys.check(key, value) != null) return ChangeStatus.Rejected;
            keys.put(key, k.withValue(value));
            persisted.add(key);
        }
        save();
        // A new central system URL or identity only takes effect on the next connection.
        return key.equals(Keys.CENTRAL_SYSTEM_URL) || key.equals(Keys.STATION_IDENTITY)
                ? ChangeStatus.RebootRequired : ChangeStatus.Accepted;
    }

    /** A change the station makes itself (e.g. the heartbeat interval a BootNotification answer sets); not saved. */
    public synchronized void setLocally(String key, String value) {
        ConfigKey k = keys.get(key);
        Keys.Spec spec = Keys.spec(key);
        keys.put(key, k != null ? k.withValue(value) : new ConfigKey(key, spec != null && spec.readonly(), value));
    }

    /** A change the station makes and keeps (e.g. a new firmware version); saved. */
    public void setAndSave(String key, String value) {
        synchronized (this) {
            setLocally(key, value);
            persisted.add(key);
        }
        save();
    }

    public synchronized List<ConnectorConfig> connectors() {
        return file.connectorId();
    }

    /** Remembers a connector's energy register (ocpp-cs keeps it in {@code meterValue}); saved. */
    public void meterValue(int connectorId, long wh) {
        synchronized (this) {
            file = file.withConnectors(file.connectorId().stream()
                    .map(c -> c.id() == connectorId ? c.withMeterValue(wh) : c).toList());
        }
        save();
    }

    /** The file as it would be written now. */
    public synchronized StationConfig snapshot() {
        var out = new ArrayList<ConfigKey>();
        for (String key : persisted) {
            ConfigKey k = keys.get(key);
            if (k != null) out.add(k);
        }
        return file.withKeys(out);
    }

    public Optional<StationFolder> folder() {
        return Optional.ofNullable(folder);
    }

    private void save() {
        if (folder == null) return;
        try {
            folder.write(snapshot());
        } catch (IOException e) {
            throw new UncheckedIOException("could not save " + folder.configFile(), e);
        }
    }

    public Path directory() {
        return folder == null ? null : folder.directory();
    }
}
