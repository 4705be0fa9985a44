package org.ladewerk.server.messagelog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.messagelog.MessageLog.LoggedFrame;
import org.springframework.util.FileSystemUtils;

/**
 * Frames in compressed, append-only daily segment files: {@code <dir>/<yyyy-MM-dd>/<bucket>.seg}, one
 * file per day and bucket of station ids ({@value SegmentBlock#BUCKETS} buckets), each written as
 * {@link SegmentBlock}s, one per batch and bucket. Why files: on H2 the table cost the embedded
 * database more than the meter values it exists for (three B-trees per frame, pages rewritten on
 * every commit), while the log needs neither transactions nor updates; a sequential deflated append
 * costs a fraction of that and keeps H2's store for what stations are acknowledged for.
 *
 * <p>Reading a station's page walks only its bucket's files, newest block first, and skips a block by
 * its header (ids, Bloom filter) unless it may hold the station's frames. Ids are unique and rising on
 * this node ({@link SegmentBlock#nextId}).
 * Retention deletes whole days and hides the frames before the cutoff in the day it keeps; a removed
 * station's frames are hidden by a tombstone (kept in {@code removed.tsv}) until their day goes.
 * Files are not synced: the log is never acknowledged to anyone, and a block a crash cut off is
 * dropped when the file is next opened for appending.
 */
final class SegmentFrameStore implements FrameStore {

    private static final String[] BUCKET_NAMES = IntStream.range(0, SegmentBlock.BUCKETS).mapToObj(b -> String.format("%02d.seg", b)).toArray(String[]::new);
    private static final String TOMBSTONES = "removed.tsv";

    private final Path dir;
    /** Writer thread only. */
    private final SegmentBlock.Encoder encoder = new SegmentBlock.Encoder();
    /** Files open for appending (writer thread only); those of days no longer written are closed. */
    private final Map<Path, FileChannel> open = new HashMap<>();
    /** The files of the day written last, by bucket (writer thread only). */
    private final Path[] files = new Path[SegmentBlock.BUCKETS];
    private long filesDay = Long.MIN_VALUE;
    /** Length of every file this process appended to, as far as complete blocks go (readers stop there). */
    private final Map<Path, Long> written = new ConcurrentHashMap<>();
    /** Station id to the highest id of its frames that are hidden (the station was removed). */
    private final Map<String, Long> tombstones = new ConcurrentHashMap<>();
    private volatile long hiddenBefore = Long.MIN_VALUE;
    /** The last id given (by the writer thread; read when a station is removed). */
    private volatile long lastId;

    SegmentFrameStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(TOMBSTONES);
            if (Files.exists(file)) for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int tab = line.lastIndexOf('\t');
                if (tab > 0) tombstones.merge(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)), Math::max);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("message log directory " + dir + " is not usable", e);
        }
        lastId = SegmentBlock.micros(Instant.now());
    }

    @Override
    public void append(List<StationEvent.Frame> batch) throws IOException {
        var blocks = new LinkedHashMap<Path, List<LoggedFrame>>();
        for (StationEvent.Frame f : batch) {
            lastId = SegmentBlock.nextId(lastId, f.at());
            var frame = new LoggedFrame(lastId, f.stationId(), f.at(), f.inbound(), f.text());
            blocks.computeIfAbsent(file(f.at(), f.stationId()), p -> new ArrayList<>()).add(frame);
        }
        for (var e : blocks.entrySet()) {
            FileChannel channel = channel(e.getKey());
            ByteBuffer bytes = encoder.encode(e.getValue()).bytes();
            try {
                while (bytes.hasRemaining()) channel.write(bytes);
            } catch (IOException failed) {
                // reopened next time, which cuts off the part of the block that was written
                close(open.remove(e.getKey()));
                throw failed;
            }
            written.put(e.getKey(), channel.position());
        }
        // files of days this batch did not write to are done
        Set<Path> days = blocks.keySet().stream().map(Path::getParent).collect(Collectors.toSet());
        open.entrySet().removeIf(e -> !days.contains(e.getKey().getParent()) && close(e.getValue()));
    }

    @Override
    public List<LoggedFrame> recent(String stationId, int limit, Long beforeId) {
        long before = beforeId == null ? Long.MAX_VALUE : beforeId;
        long removed = tombstones.getOrDefault(stationId, Long.MIN_VALUE);
        long cutoff = hiddenBefore;
        String bucket = BUCKET_NAMES[SegmentBlock.bucket(stationId)];
        var result = new ArrayList<LoggedFrame>(limit);
        for (Path day : days(Comparator.reverseOrder())) {
            try (FileChannel channel = FileChannel.open(day.resolve(bucket), StandardOpenOption.READ)) {
                long end = written.getOrDefault(day.resolve(bucket), channel.size());
                for (long pos = end; pos > 0 && result.size() < limit; ) {
                    SegmentBlock block = blockEndingAt(channel, pos);
                    if (block == null) break;
                    pos -= SegmentBlock.HEADER + block.compressed().length + SegmentBlock.TRAILER;
                    if (block.maxId() <= removed) return result;
                    if (block.minId() >= before || !block.mayHold(stationId)) continue;
                    channel.read(ByteBuffer.wrap(block.compressed()), pos + SegmentBlock.HEADER);
                    List<LoggedFrame> frames = block.frames();
                    for (int i = frames.size() - 1; i >= 0 && result.size() < limit; i--) {
                        LoggedFrame f = frames.get(i);
                        if (f.id() < before && f.id() > removed && SegmentBlock.micros(f.at()) >= cutoff && f.stationId().equals(stationId))
                            result.add(f);
                    }
                }
            } catch (NoSuchFileException e) {
                // no frame of this bucket that day, or the day was purged meanwhile
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (result.size() >= limit) break;
        }
        return result;
    }

    @Override
    public int purgeBefore(Instant cutoff) {
        hiddenBefore = Math.max(hiddenBefore, SegmentBlock.micros(cutoff));
        LocalDate keep = LocalDate.ofInstant(cutoff, ZoneOffset.UTC);
        int deleted = 0;
        for (Path day : days(Comparator.naturalOrder())) {
            if (!date(day).isBefore(keep)) break;
            try {
                deleted += listFiles(day).size();
                FileSystemUtils.deleteRecursively(day);
                written.keySet().removeIf(file -> file.startsWith(day));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return deleted;
    }

    @Override
    public void forget(Collection<String> stationIds) {
        long upTo = Math.max(lastId, SegmentBlock.micros(Instant.now()));
        var lines = new StringBuilder();
        for (String id : stationIds) {
            tombstones.merge(id, upTo, Math::max);
            lines.append(id).append('\t').append(upTo).append('\n');
        }
        try {
            Files.writeString(dir.resolve(TOMBSTONES), lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Closes the open files; a later append opens them again. The compressor stays: Spring may start
     * the message log again after a stop, and the Deflater's cleaner frees it with the store.
     */
    void close() {
        open.values().forEach(SegmentFrameStore::close);
        open.clear();
    }

    /** A frame's file; its path is made once per day and bucket, not per frame (that was 6 % of the server's allocation under ingest). */
    private Path file(Instant at, String stationId) {
        long day = Math.floorDiv(at.getEpochSecond(), 86_400L);
        if (day != filesDay) {
            filesDay = day;
            Arrays.fill(files, null);
        }
        int bucket = SegmentBlock.bucket(stationId);
        Path file = files[bucket];
        if (file == null) file = files[bucket] = dir.resolve(LocalDate.ofEpochDay(day).toString()).resolve(BUCKET_NAMES[bucket]);
        return file;
    }

    /** Opens a file for appending; the first time in this process, cuts off a block a crash left incomplete. */
    private FileChannel channel(Path file) throws IOException {
        FileChannel channel = open.get(file);
        if (channel != null) return channel;
        Files.createDirectories(file.getParent());
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long end = channel.size();
        if (end > 0 && blockEndingAt(channel, end) == null) end = lastCompleteBlockEnd(channel);
        channel.truncate(end);
        channel.position(end);
        open.put(file, channel);
        return channel;
    }

    /** The header of the block that ends at {@code end}, or null when none does (a damaged tail). */
    private static SegmentBlock blockEndingAt(FileChannel channel, long end) throws IOException {
        if (end < SegmentBlock.HEADER + SegmentBlock.TRAILER) return null;
        var trailer = ByteBuffer.allocate(SegmentBlock.TRAILER);
        channel.read(trailer, end - SegmentBlock.TRAILER);
        long start = end - SegmentBlock.TRAILER - trailer.flip().getInt() - SegmentBlock.HEADER;
        if (start < 0) return null;
        var header = ByteBuffer.allocate(SegmentBlock.HEADER);
        channel.read(header, start);
        SegmentBlock block = SegmentBlock.header(header.flip());
        return block != null && start + SegmentBlock.HEADER + block.compressed().length + SegmentBlock.TRAILER == end ? block : null;
    }

    private static long lastCompleteBlockEnd(FileChannel channel) throws IOException {
        long pos = 0;
        long size = channel.size();
        while (pos + SegmentBlock.HEADER + SegmentBlock.TRAILER <= size) {
            var header = ByteBuffer.allocate(SegmentBlock.HEADER);
            channel.read(header, pos);
            SegmentBlock block = SegmentBlock.header(header.flip());
            if (block == null) break;
            long end = pos + SegmentBlock.HEADER + block.compressed().length + SegmentBlock.TRAILER;
            if (end > size || blockEndingAt(channel, end) == null) break;
            pos = end;
        }
        return pos;
    }

    private List<Path> days(Comparator<LocalDate> order) {
        try (Stream<Path> days = Files.list(dir)) {
            return days.filter(p -> Files.isDirectory(p) && date(p) != null).sorted(Comparator.comparing(SegmentFrameStore::date, order)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LocalDate date(Path day) {
        try {
            return LocalDate.parse(day.getFileName().toString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static List<Path> listFiles(Path day) throws IOException {
        try (Stream<Path> files = Files.list(day)) {
            return files.toList();
        }
    }

    private static boolean close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a file we only appended to: nothing is lost
        }
        return true;
    }
}
