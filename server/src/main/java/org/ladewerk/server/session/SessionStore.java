package org.ladewerk.server.session;

import static org.ladewerk.server.store.Sql.bigint;
import static org.ladewerk.server.store.Sql.idList;
import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The SQL of {@code charging_session}: the tracker's writes inside store units, and the queries. */
@Component
public class SessionStore {

    public record Filter(String stationId, String idTag, Instant from, Instant to, Boolean open, int limit, int offset) {}

    record OpenSession(long id, Instant chargingSince, Double maxPowerW, boolean open) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate reading;

    public SessionStore(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.reading = new TransactionTemplate(transactions);
        reading.setReadOnly(true);
    }

    static String openKey(String stationId, int evseId) {
        return stationId + "|" + evseId;
    }

    // --- writes (inside the event's store unit)

    Optional<OpenSession> open(Tx tx, String stationId, int evseId) {
        return tx.jdbc().sql("SELECT id, charging_since, max_power_w FROM charging_session WHERE open_key = ?")
                .param(openKey(stationId, evseId))
                .query((rs, n) -> new OpenSession(rs.getLong(1), instant(rs, "charging_since"), power(rs), true)).optional();
    }

    long insert(Tx tx, String stationId, int evseId, int connectorId, Instant at) {
        var key = new GeneratedKeyHolder();
        tx.jdbc().sql("INSERT INTO charging_session (station_id, evse_id, connector_id, open_key, plugged_in_at) VALUES (?, ?, ?, ?, ?)")
                .params(stationId, evseId, connectorId, openKey(stationId, evseId), ts(at)).update(key, "id");
        return key.getKeyAs(Long.class);
    }

    void attachTransaction(Tx tx, long id, long transactionId, String idTag) {
        tx.jdbc().sql("UPDATE charging_session SET transaction_id = ?, id_tag = COALESCE(?, id_tag) WHERE id = ?")
                .params(transactionId, idTag, id).update();
    }

    /** Copies the stopped transaction's readings; the session holding it, if any. */
    Optional<OpenSession> transactionStopped(Tx tx, long transactionId, String reason) {
        Optional<OpenSession> session = tx.jdbc().sql("""
                SELECT id, charging_since, max_power_w, open_key FROM charging_session WHERE transaction_id = ? AND completed = FALSE""")
                .param(transactionId)
                .query((rs, n) -> new OpenSession(rs.getLong(1), instant(rs, "charging_since"), power(rs), rs.getString("open_key") != null))
                .optional();
        if (session.isEmpty()) return session;
        tx.jdbc().sql("SELECT meter_start_wh, meter_stop_wh FROM charging_transaction WHERE id = ?").param(transactionId).query(rs -> {
            Long start = bigint(rs, "meter_start_wh");
            Long stop = bigint(rs, "meter_stop_wh");
            tx.jdbc().sql("UPDATE charging_session SET meter_start_wh = ?, meter_stop_wh = ?, energy_wh = ?, stop_reason = ? WHERE id = ?")
                    .params(start, stop, start == null || stop == null || stop < start ? null : stop - start, reason, session.get().id())
                    .update();
        });
        return session;
    }

    void chargingStarted(Tx tx, long id, Instant at) {
        tx.jdbc().sql("""
                UPDATE charging_session SET charging_started_at = COALESCE(charging_started_at, ?), charging_since = ?
                WHERE id = ? AND charging_since IS NULL""").params(ts(at), ts(at), id).update();
    }

    void chargingEnded(Tx tx, long id, Instant at) {
        Instant since = tx.jdbc().sql("SELECT charging_since FROM charging_session WHERE id = ?").param(id)
                .query((rs, n) -> instant(rs, "charging_since")).optional().orElse(null);
        if (since == null) return;
        tx.jdbc().sql("UPDATE charging_session SET charging_ms = charging_ms + ?, charging_since = NULL, charging_ended_at = ? WHERE id = ?")
                .params(positive(since, at).toMillis(), ts(at), id).update();
    }

    void maxPower(Tx tx, long id, double watts) {
        tx.jdbc().sql("UPDATE charging_session SET max_power_w = ? WHERE id = ? AND (max_power_w IS NULL OR max_power_w < ?)")
                .params(watts, id, watts).update();
    }

    /** Marks the unplug; true when the session still waits for its transaction to stop. */
    boolean unplug(Tx tx, long id, Instant at) {
        record Row(Instant pluggedInAt, long chargingMs, boolean waiting) {}
        Row row = tx.jdbc().sql("""
                SELECT s.plugged_in_at, s.charging_ms, CASE WHEN t.id IS NOT NULL AND t.stop_at IS NULL THEN 1 ELSE 0 END AS waiting
                FROM charging_session s LEFT JOIN charging_transaction t ON t.id = s.transaction_id WHERE s.id = ?""").param(id)
                .query((rs, n) -> new Row(instant(rs, "plugged_in_at"), rs.getLong("charging_ms"), rs.getInt("waiting") == 1)).single();
        long idle = Math.max(0, positive(row.pluggedInAt(), at).toMillis() - row.chargingMs()) / 60_000;
        tx.jdbc().sql("UPDATE charging_session SET unplugged_at = ?, open_key = NULL, idle_minutes = ? WHERE id = ?")
                .params(ts(at), idle, id).update();
        return row.waiting();
    }

    void stale(Tx tx, long id) {
        tx.jdbc().sql("UPDATE charging_session SET stop_reason = COALESCE(stop_reason, 'Stale') WHERE id = ?").param(id).update();
    }

    ChargingSession complete(Tx tx, long id) {
        tx.jdbc().sql("UPDATE charging_session SET completed = TRUE WHERE id = ?").param(id).update();
        return tx.jdbc().sql("SELECT * FROM charging_session WHERE id = ?").param(id).query(SessionStore::session).single();
    }

    private static Duration positive(Instant from, Instant to) {
        return to.isBefore(from) ? Duration.ZERO : Duration.between(from, to);
    }

    // --- EMM delivery state (written by the EMM channel after each attempt)

    public void emmQueued(Tx tx, long id) {
        tx.jdbc().sql("UPDATE charging_session SET emm_state = 'pending', emm_last_error = NULL WHERE id = ?").param(id).update();
    }

    /** The sessions the EMM took, in one statement (the outbox records its outcomes in batches). */
    public void emmDelivered(Collection<Long> ids, Instant at) {
        if (ids.isEmpty()) return;
        jdbc.sql("UPDATE charging_session SET emm_state = 'delivered', emm_attempts = emm_attempts + 1, emm_last_error = NULL,"
                        + " emm_delivered_at = ? WHERE id IN (" + idList(ids) + ")")
                .param(ts(at)).update();
    }

    /** A failed attempt: still pending (retried) or failed (given up, can be re-sent). */
    public void emmFailed(long id, String error, boolean givenUp) {
        jdbc.sql("UPDATE charging_session SET emm_state = ?, emm_attempts = emm_attempts + 1, emm_last_error = ? WHERE id = ?")
                .params(givenUp ? "failed" : "pending", error, id).update();
    }

    /** Records the charging preset applied to the transaction on the session holding it (JSON). */
    public void presetApplied(Tx tx, long transactionId, String presetJson) {
        tx.jdbc().sql("UPDATE charging_session SET applied_preset = ? WHERE transaction_id = ?").params(presetJson, transactionId).update();
    }

    // --- queries

    /** The completed and open sessions charged with any of the tags, newest first, row by row (see {@link #forEach}). */
    public void forEachOfTags(Collection<String> idTags, Instant from, Instant to, Consumer<ChargingSession> action) {
        if (idTags.isEmpty()) return;
        var args = new ArrayList<Object>(idTags);
        var sql = new StringBuilder("SELECT * FROM charging_session WHERE id_tag IN (")
                .append(String.join(", ", Collections.nCopies(idTags.size(), "?"))).append(")");
        if (from != null) { sql.append(" AND plugged_in_at >= ?"); args.add(ts(from)); }
        if (to != null) { sql.append(" AND plugged_in_at < ?"); args.add(ts(to)); }
        sql.append(" ORDER BY plugged_in_at DESC, id DESC");
        reading.executeWithoutResult(status -> jdbc.sql(sql.toString()).params(args).withFetchSize(500)
                .query((RowCallbackHandler) rs -> action.accept(session(rs, 0))));
    }

    public List<ChargingSession> list(Filter f) {
        var args = new ArrayList<Object>();
        String sql = select(f, args) + " LIMIT ? OFFSET ?";
        args.add(f.limit());
        args.add(f.offset());
        return jdbc.sql(sql).params(args).query(SessionStore::session).list();
    }

    /** The sessions charged with any of {@code idTags} (one user's own), filtered and paged like {@link #list}. */
    public List<ChargingSession> listForTags(List<String> idTags, Filter f) {
        if (idTags.isEmpty()) return List.of();
        var args = new ArrayList<Object>();
        String sql = select(f, idTags, args) + " LIMIT ? OFFSET ?";
        args.add(f.limit());
        args.add(f.offset());
        return jdbc.sql(sql).params(args).query(SessionStore::session).list();
    }

    /**
     * Every session the filter matches (limit and offset ignored), newest first, row by row: exports of any
     * size in constant memory (inside a read-only transaction, so PostgreSQL streams with a cursor too).
     */
    public void forEach(Filter f, Consumer<ChargingSession> action) {
        var args = new ArrayList<Object>();
        reading.executeWithoutResult(status -> jdbc.sql(select(f, args)).params(args).withFetchSize(500)
                .query((RowCallbackHandler) rs -> action.accept(session(rs, 0))));
    }

    public Optional<ChargingSession> find(long id) {
        return jdbc.sql("SELECT * FROM charging_session WHERE id = ?").param(id).query(SessionStore::session).optional();
    }

    /** Completed sessions not yet in the CSV archive, oldest first. */
    List<ChargingSession> unarchived(int limit) {
        return jdbc.sql("SELECT * FROM charging_session WHERE archived = FALSE AND completed = TRUE ORDER BY id LIMIT ?").param(limit)
                .query(SessionStore::session).list();
    }

    void archived(long id) {
        jdbc.sql("UPDATE charging_session SET archived = TRUE WHERE id = ?").param(id).update();
    }

    private static String select(Filter f, List<Object> args) {
        return select(f, List.of(), args);
    }

    private static String select(Filter f, List<String> anyOfTags, List<Object> args) {
        var sql = new StringBuilder("SELECT * FROM charging_session WHERE 1 = 1");
        if (!anyOfTags.isEmpty()) {
            sql.append(" AND id_tag IN (").append(String.join(", ", java.util.Collections.nCopies(anyOfTags.size(), "?"))).append(")");
            args.addAll(anyOfTags);
        }
        if (f.stationId() != null) { sql.append(" AND station_id = ?"); args.add(f.stationId()); }
        if (f.idTag() != null) { sql.append(" AND id_tag = ?"); args.add(f.idTag()); }
        if (f.from() != null) { sql.append(" AND plugged_in_at >= ?"); args.add(ts(f.from())); }
        if (f.to() != null) { sql.append(" AND plugged_in_at < ?"); args.add(ts(f.to())); }
        if (f.open() != null) sql.append(f.open() ? " AND completed = FALSE" : " AND completed = TRUE");
        return sql.append(" ORDER BY plugged_in_at DESC, id DESC").toString();
    }

    private static Double power(ResultSet rs) throws SQLException {
        double v = rs.getDouble("max_power_w");
        return rs.wasNull() ? null : v;
    }

    static ChargingSession session(ResultSet rs, int n) throws SQLException {
        String emmState = rs.getString("emm_state");
        var emm = emmState == null ? null : new ChargingSession.EmmDelivery(emmState, rs.getInt("emm_attempts"),
                rs.getString("emm_last_error"), instant(rs, "emm_delivered_at"));
        return new ChargingSession(rs.getLong("id"), rs.getString("station_id"), rs.getInt("evse_id"), rs.getInt("connector_id"),
                instant(rs, "plugged_in_at"), instant(rs, "charging_started_at"), instant(rs, "charging_ended_at"),
                instant(rs, "unplugged_at"), rs.getString("id_tag"), bigint(rs, "transaction_id"), bigint(rs, "meter_start_wh"),
                bigint(rs, "meter_stop_wh"), bigint(rs, "energy_wh"), power(rs), bigint(rs, "idle_minutes"),
                rs.getString("stop_reason"), !rs.getBoolean("completed"), emm,
                rs.getString("applied_preset"));
    }
}
