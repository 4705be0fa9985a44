package org.ladewerk.server.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.live.LiveStation;
import org.ladewerk.server.live.LiveView;
import org.ladewerk.server.worker.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The status JSON of every station and connector, rebuilt from the live view at most every
 * {@code ladewerk.status.refresh} and only when something changed. Requests get the prepared bytes
 * (no database, no serialisation or compression per request: the gzip form is made once per build);
 * the ETag is the snapshot's version. When
 * {@code ladewerk.status.file} is set, each new snapshot is also written there atomically (temp file
 * and rename) for a static web page. Without a file the snapshot is kept fresh only while someone
 * reads it (a request or the EMM push within the last {@value #IDLE_REFRESHES} refresh intervals):
 * rebuilding it for nobody was 3 % of the server's CPU under ingest. The first read after an idle
 * spell builds it at once, so nobody gets a stale document.
 */
@Component
public class StatusSnapshot implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StatusSnapshot.class);
    private static final int IDLE_REFRESHES = 12;

    /** One built snapshot: its JSON (also gzip-compressed, once), entity tag, and the live-view version it reflects. */
    public record Built(byte[] json, byte[] gzip, String etag, long version, Instant generatedAt) {}

    private final LiveView live;
    private final LadewerkProperties.Status config;
    private final Path file;
    private final long idleNanos;
    private volatile Built current;
    private volatile Periodic refresher;
    private volatile long lastRead;

    public StatusSnapshot(LiveView live, LadewerkProperties properties) {
        this.live = live;
        this.config = properties.status();
        this.file = config.file().isEmpty() ? null : Path.of(config.file());
        this.idleNanos = config.refresh().toNanos() * IDLE_REFRESHES;
        this.lastRead = System.nanoTime() - idleNanos - 1;
    }

    /** The newest snapshot (built now on first use and after an idle spell, when the refresher did not keep it). */
    public Built current() {
        boolean wasIdle = idle();
        lastRead = System.nanoTime();
        Built b = current;
        return b != null && !wasIdle ? b : refresh();
    }

    private boolean idle() {
        return System.nanoTime() - lastRead > idleNanos;
    }

    private void refreshWhileWanted() {
        if (file != null || !idle()) refresh();
    }

    synchronized Built refresh() {
        long version = live.version();
        if (current != null && current.version() == version) return current;
        Instant now = Instant.now();
        List<LiveStation.Snapshot> stations = live.stations().stream().map(LiveStation::snapshot)
                .sorted(Comparator.comparing(LiveStation.Snapshot::stationId)).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("generatedAt", now);
        body.put("stations", stations);
        byte[] json = Json.mapper().writeValueAsBytes(body);
        current = new Built(json, gzip(json), "\"" + HexFormat.of().toHexDigits(version) + "\"", version, now);
        if (file != null) write(json);
        return current;
    }

    /** Compressed once per build, so a client that accepts gzip costs no compression per request. */
    private static byte[] gzip(byte[] json) {
        var out = new ByteArrayOutputStream(json.length / 8 + 64);
        try (var gz = new GZIPOutputStream(out, 64 * 1024)) {
            gz.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return out.toByteArray();
    }

    private void write(byte[] json) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".status", ".tmp");
            try {
                Files.write(temp, json);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            log.warn("could not write the status file {}: {}", file, e.toString());
        }
    }

    @Override
    public void start() {
        refresher = Periodic.start("status-snapshot", Duration.ZERO, config.refresh(), this::refreshWhileWanted);
    }

    @Override
    public void stop() {
        if (refresher != null) refresher.close();
        refresher = null;
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }
}
