package org.ladewerk.server.messagelog;

import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.ts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.messagelog.MessageLog.LoggedFrame;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Frames as rows of {@code message_log}: what several nodes on one PostgreSQL need, since any node
 * may answer for a station another node holds. Rows of a removed station go with the station's other
 * rows ({@code StationRemoval}), so {@link #forget} has nothing left to do.
 */
final class TableFrameStore implements FrameStore {

    private static final String INSERT = "INSERT INTO message_log (station_id, logged_at, inbound, frame) VALUES (?, ?, ?, ?)";

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    TableFrameStore(JdbcTemplate jdbcTemplate, PlatformTransactionManager txManager) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.transactions = new TransactionTemplate(txManager);
    }

    @Override
    public void append(List<StationEvent.Frame> batch) {
        List<Object[]> rows = new ArrayList<>(batch.size());
        for (StationEvent.Frame f : batch) {
            String text = f.text().length() <= MessageLog.MAX_FRAME ? f.text() : f.text().substring(0, MessageLog.MAX_FRAME);
            rows.add(new Object[] {f.stationId(), ts(f.at()), f.inbound(), text});
        }
        // one transaction per batch: in autocommit every row would be its own commit
        transactions.executeWithoutResult(status -> jdbcTemplate.batchUpdate(INSERT, rows));
    }

    @Override
    public List<LoggedFrame> recent(String stationId, int limit, Long beforeId) {
        String sql = "SELECT * FROM message_log WHERE station_id = ?" + (beforeId == null ? "" : " AND id < ?")
                + " ORDER BY id DESC LIMIT ?";
        List<Object> args = new ArrayList<>(List.of(stationId));
        if (beforeId != null) args.add(beforeId);
        args.add(limit);
        return jdbc.sql(sql).params(args).query((rs, n) -> new LoggedFrame(rs.getLong("id"), rs.getString("station_id"),
                instant(rs, "logged_at"), rs.getBoolean("inbound"), rs.getString("frame"))).list();
    }

    @Override
    public int purgeBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM message_log WHERE logged_at < ?").param(ts(cutoff)).update();
    }

    @Override
    public void forget(Collection<String> stationIds) {
        // deleted with the station's rows in the same transaction
    }
}
