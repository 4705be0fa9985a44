package org.ladewerk.server.messagelog;

import static org.ladewerk.server.store.Sql.ts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.messagelog.MessageLog.LoggedFrame;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Frames in the database, as {@link SegmentBlock}s in rows of {@code message_log_block}: what several
 * nodes on one PostgreSQL need, since any node may answer for a station another node holds. A row
 * holds the frames one batch logged for one bucket of stations, deflated together. A row per frame
 * (three B-trees each) cost PostgreSQL about a third of a core at 11,000 MeterValues/s, more than the
 * meter values themselves; under load a block is one row and one index entry for dozens of frames,
 * deflated. A station's page reads its bucket's block headers newest first and opens only
 * those whose Bloom filter may hold it. A removed station's frames are hidden by a row of
 * {@code message_log_removed} until retention deletes their blocks.
 */
public final class TableFrameStore implements FrameStore {

    private static final String INSERT = """
            INSERT INTO message_log_block (bucket, min_id, max_id, logged_to, bloom, raw_length, frames) VALUES (?, ?, ?, ?, ?, ?, ?)""";
    /** Block headers read per query when paging back through a bucket. */
    private static final int PAGE = 200;

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    /** Writer thread only. */
    private final SegmentBlock.Encoder encoder = new SegmentBlock.Encoder();
    /** The last id given (by the writer thread; read when a station is removed). */
    private volatile long lastId = SegmentBlock.micros(Instant.now());
    private volatile long hiddenBefore = Long.MIN_VALUE;

    TableFrameStore(JdbcTemplate jdbcTemplate, PlatformTransactionManager txManager) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.transactions = new TransactionTemplate(txManager);
    }

    @Override
    public void append(List<StationEvent.Frame> batch) throws IOException {
        var buckets = new HashMap<Integer, List<LoggedFrame>>();
        for (StationEvent.Frame f : batch) {
            lastId = SegmentBlock.nextId(lastId, f.at());
            String text = f.text().length() <= MessageLog.MAX_FRAME ? f.text() : f.text().substring(0, MessageLog.MAX_FRAME);
            buckets.computeIfAbsent(SegmentBlock.bucket(f.stationId()), b -> new ArrayList<>())
                    .add(new LoggedFrame(lastId, f.stationId(), f.at(), f.inbound(), text));
        }
        var rows = new ArrayList<Object[]>(buckets.size());
        for (var e : buckets.entrySet()) rows.add(row(e.getKey(), e.getValue(), encoder));
        transactions.executeWithoutResult(status -> jdbcTemplate.batchUpdate(INSERT, rows));
    }

    private static Object[] row(int bucket, List<LoggedFrame> frames, SegmentBlock.Encoder encoder) throws IOException {
        SegmentBlock block = encoder.encode(frames);
        Instant last = frames.stream().map(LoggedFrame::at).max(Instant::compareTo).orElseThrow();
        return new Object[] {bucket, block.minId(), block.maxId(), ts(last), block.bloom(), block.rawLength(), block.compressed()};
    }

    @Override
    public List<LoggedFrame> recent(String stationId, int limit, Long beforeId) {
        long before = beforeId == null ? Long.MAX_VALUE : beforeId;
        long removed = jdbc.sql("SELECT MAX(up_to_id) FROM message_log_removed WHERE station_id = ?").param(stationId)
                .query((rs, n) -> rs.getLong(1)).single();
        long cutoff = hiddenBefore;
        int bucket = SegmentBlock.bucket(stationId);
        var result = new ArrayList<LoggedFrame>(limit);
        long below = Long.MAX_VALUE;
        while (result.size() < limit) {
            List<SegmentBlock> headers = jdbc.sql("""
                    SELECT min_id, max_id, bloom FROM message_log_block WHERE bucket = ? AND max_id < ? AND max_id > ?
                    ORDER BY max_id DESC LIMIT ?""").params(bucket, below, removed, PAGE)
                    .query((rs, n) -> new SegmentBlock(rs.getLong(1), rs.getLong(2), rs.getBytes(3), null, 0)).list();
            for (SegmentBlock header : headers) {
                if (header.minId() >= before || !header.mayHold(stationId)) continue;
                for (LoggedFrame f : frames(bucket, header).reversed()) {
                    if (f.id() < before && f.id() > removed && SegmentBlock.micros(f.at()) >= cutoff && f.stationId().equals(stationId))
                        result.add(f);
                    if (result.size() >= limit) return result;
                }
            }
            if (headers.size() < PAGE) break;
            below = headers.getLast().maxId();
        }
        return result;
    }

    private List<LoggedFrame> frames(int bucket, SegmentBlock header) {
        var frames = new ArrayList<LoggedFrame>();
        jdbc.sql("SELECT raw_length, frames FROM message_log_block WHERE bucket = ? AND max_id = ? AND min_id = ?")
                .params(bucket, header.maxId(), header.minId())
                .query(rs -> {
                    try {
                        frames.addAll(new SegmentBlock(header.minId(), header.maxId(), header.bloom(), rs.getBytes(2), rs.getInt(1)).frames());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        // two nodes' blocks may share a key: their frames are put in order together
        frames.sort((a, b) -> Long.compare(a.id(), b.id()));
        return frames;
    }

    @Override
    public int purgeBefore(Instant cutoff) {
        hiddenBefore = Math.max(hiddenBefore, SegmentBlock.micros(cutoff));
        // a station removed before the cutoff has no frames left to hide
        jdbc.sql("DELETE FROM message_log_removed WHERE up_to_id < ?").param(SegmentBlock.micros(cutoff)).update();
        return jdbc.sql("DELETE FROM message_log_block WHERE logged_to < ?").param(ts(cutoff)).update();
    }

    @Override
    public void forget(Collection<String> stationIds) {
        long upTo = Math.max(lastId, SegmentBlock.micros(Instant.now()));
        jdbcTemplate.batchUpdate("INSERT INTO message_log_removed (station_id, up_to_id) VALUES (?, ?)",
                stationIds.stream().map(id -> new Object[] {id, upTo}).toList());
    }

    /**
     * Migration V38: turns the rows of the old {@code message_log} (a row per frame) into blocks,
     * keeping their ids, which are all below the ids given from now on.
     */
    public static void convertRows(Connection connection) throws SQLException, IOException {
        var encoder = new SegmentBlock.Encoder();
        var open = new HashMap<Integer, List<LoggedFrame>>();
        try (Statement read = connection.createStatement();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            read.setFetchSize(1000);
            try (ResultSet rs = read.executeQuery("SELECT id, station_id, logged_at, inbound, frame FROM message_log ORDER BY id")) {
                while (rs.next()) {
                    var frame = new LoggedFrame(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                            rs.getBoolean(4), rs.getString(5));
                    List<LoggedFrame> block = open.computeIfAbsent(SegmentBlock.bucket(frame.stationId()), b -> new ArrayList<>());
                    block.add(frame);
                    if (block.size() == 500) write(insert, open.remove(SegmentBlock.bucket(frame.stationId())), encoder);
                }
            }
            for (List<LoggedFrame> frames : open.values()) write(insert, frames, encoder);
        } finally {
            encoder.end();
        }
    }

    private static void write(PreparedStatement insert, List<LoggedFrame> frames, SegmentBlock.Encoder encoder) throws SQLException, IOException {
        Object[] row = row(SegmentBlock.bucket(frames.getFirst().stationId()), frames, encoder);
        for (int i = 0; i < row.length; i++) insert.setObject(i + 1, row[i]);
        insert.executeUpdate();
    }
}
