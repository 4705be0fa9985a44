package org.ladewerk.server.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.store.JobLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Appends each completed session to {@code <data-dir>/charging-data/<stationId>/<yyyy-MM>.csv} (month of
 * the unplug, UTC). The database is the truth and the archive follows it: a session is written, forced to
 * disk, and only then marked archived. Before a file is first appended to, a half line left by a crash
 * is cut off and the ids already in it are read, so a restart neither duplicates nor misses a session
 * (one that was written but not yet marked is just marked). Runs on one node at a time (a job lock).
 */
@Component
public class CsvArchive implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CsvArchive.class);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);
    private static final String LOCK = "charging-data-archive";
    private static final int MAX_OPEN_FILES = 256;
    /** Renewed every batch and every wake-up; after a crash another node (or the restarted one) waits this long at most. */
    private static final Duration LEASE = Duration.ofMinutes(1);

    private final SessionStore sessions;
    private final SessionCsv csv;
    private final JobLock lock;
    private final Path root;
    private final boolean enabled;
    private final Semaphore wake = new Semaphore(0);
    /** Ids already in each file this process has checked (bounded; a dropped entry is re-read from the file). */
    private final Map<Path, Set<Long>> checked = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Set<Long>> eldest) {
            return size() > MAX_OPEN_FILES;
        }
    };
    private volatile boolean running;
    private Thread worker;

    public CsvArchive(SessionStore sessions, SessionCsv csv, JobLock lock, SessionTracker tracker, LadewerkProperties properties,
                      @Value("${ladewerk.data-dir:./data}") String dataDir) {
        this.sessions = sessions;
        this.csv = csv;
        this.lock = lock;
        this.root = Path.of(dataDir, "charging-data");
        this.enabled = properties.chargingData().archive();
        tracker.addCompletionListener((tx, session) -> tx.afterCommit(wake::release));
    }

    public Path file(ChargingSession s) {
        return root.resolve(safe(s.stationId())).resolve(MONTH.format(s.unpluggedAt()) + ".csv");
    }

    /** Station ids become folder names: anything but letters, digits, '-', '_' and '.' is replaced. */
    private static String safe(String stationId) {
        String name = stationId.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.startsWith(".") ? "_" + name : name;
    }

    /** Writes what the database has and the files lack; the number of sessions appended. */
    int catchUp() throws IOException {
        int appended = 0;
        List<ChargingSession> batch;
        do {
            if (!lock.tryHold(LOCK, LEASE)) return appended; // lost the lease: another node writes now
            batch = sessions.unarchived(500);
            for (ChargingSession s : batch) {
                if (append(s)) appended++;
                sessions.archived(s.id());
            }
        } while (batch.size() == 500 && running);
        return appended;
    }

    private boolean append(ChargingSession s) throws IOException {
        Path file = file(s);
        Set<Long> ids = checked.get(file);
        if (ids == null) {
            ids = repair(file);
            checked.put(file, ids);
        }
        if (ids.contains(s.id())) return false;
        var line = new StringBuilder();
        try (var printer = csv.printer(line, !Files.exists(file) || Files.size(file) == 0)) {
            csv.print(printer, s);
        }
        Files.createDirectories(file.getParent());
        try (var channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) channel.write(bytes);
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            checked.remove(file); // what is on disk now is unknown: check again before the next append
            throw e;
        }
        ids.add(s.id());
        return true;
    }

    /** Cuts a half-written last line and returns the session ids the file holds. */
    private Set<Long> repair(Path file) throws IOException {
        var ids = new HashSet<Long>();
        if (!Files.exists(file)) return ids;
        try (var channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long end = size;
            var one = ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                channel.read(one, end - 1);
                if (one.get(0) == '\n') break;
                end--;
            }
            if (end < size) {
                log.warn("charging-data archive {}: cutting a half-written last line ({} bytes) left by a crash", file, size - end);
                channel.truncate(end);
                channel.force(true);
            }
        }
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             var parser = CSVParser.builder().setReader(reader).setFormat(csv.format()).get()) {
            for (CSVRecord r : parser) {
                try {
                    ids.add(Long.parseLong(r.get(0)));
                } catch (NumberFormatException e) {
                    // the header
                }
            }
        }
        return ids;
    }

    private void loop() {
        while (running) {
            try {
                if (lock.tryHold(LOCK, LEASE)) {
                    int n = catchUp();
                    if (n > 0) log.debug("charging-data archive: {} sessions appended", n);
                } else {
                    checked.clear(); // another node writes: what this one knew of the files may be stale
                }
                wake.tryAcquire(20, TimeUnit.SECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                log.error("charging-data archive failed; trying again in 10 s", e);
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public void start() {
        if (!enabled) return;
        running = true;
        worker = Thread.ofVirtual().name("charging-data-archive").start(this::loop); // reconciles at once
    }

    @Override
    public void stop() {
        running = false;
        wake.release(); // not an interrupt: that would close the file mid-line
        try {
            if (worker != null) worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
