package org.ladewerk.server.station;

import static org.ladewerk.server.store.Sql.ts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.ladewerk.server.messagelog.MessageLog;
import org.ladewerk.server.store.GroupCommitter;
import org.ladewerk.server.transport.StationRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Removing stations: one on request, or in bulk those never booted or not seen for a while (a load
 * test leaves thousands). A removed station is gone with its whole history: transactions and
 * their meter samples, reservations, status history, logged commands and OCPP frames, reports; a
 * station that connects again with the same id starts afresh (registered by the unknown-station
 * policy). Id tags are not a station's and stay. Connected stations are refused unless forced, in
 * which case their link is closed first.
 * <p>
 * Everything goes through the group-commit writer, in chunks so no single database transaction
 * grows with the fleet. A table that refers to a station or its transactions belongs in
 * {@link #STATION_TABLES} or {@link #TRANSACTION_TABLES}.
 */
@Service
public class StationRemoval {

    /** Rows keyed by station id without a cascading foreign key, deleted before the station. */
    private static final List<String> STATION_TABLES = List.of("meter_value", "unmatched_stop", "reservation", "status_history",
            "data_transfer", "maintenance_status", "command_log", "station_report", "remote_start",
            "charging_session", "emm_setting");
    /** Rows that refer to the station's transactions, deleted before them. */
    private static final List<String> TRANSACTION_TABLES = List.of("transaction_event");
    private static final int CHUNK = 200;

    public enum Outcome { DELETED, NOT_FOUND, CONNECTED }

    /** What a bulk removal matches; every given criterion must hold. */
    public record Criteria(boolean neverBooted, Instant notSeenSince) {
        public boolean any() {
            return neverBooted || notSeenSince != null;
        }
    }

    private final GroupCommitter store;
    private final JdbcClient jdbc;
    private final StationRegistry registry;
    private final MessageLog messageLog;

    public StationRemoval(GroupCommitter store, JdbcClient jdbc, StationRegistry registry, MessageLog messageLog) {
        this.store = store;
        this.jdbc = jdbc;
        this.registry = registry;
        this.messageLog = messageLog;
    }

    public CompletableFuture<Outcome> delete(String stationId, boolean force) {
        if (jdbc.sql("SELECT COUNT(*) FROM station WHERE id = ?").param(stationId).query(Integer.class).single() == 0)
            return CompletableFuture.completedFuture(Outcome.NOT_FOUND);
        var session = registry.find(stationId);
        if (session.isPresent()) {
            if (!force) return CompletableFuture.completedFuture(Outcome.CONNECTED);
            session.get().close(1000, "station deleted");
        }
        return deleteAll(List.of(stationId)).thenApply(n -> n > 0 ? Outcome.DELETED : Outcome.NOT_FOUND);
    }

    /** Deletes every matching station that is not connected now; completes with their ids. */
    public CompletableFuture<List<String>> deleteMatching(Criteria criteria) {
        if (!criteria.any()) throw new IllegalArgumentException("no criterion given");
        var sql = new StringBuilder("SELECT id FROM station WHERE 1 = 1");
        var args = new ArrayList<Object>();
        if (criteria.neverBooted()) sql.append(" AND last_boot_at IS NULL");
        if (criteria.notSeenSince() != null) {
            sql.append(" AND COALESCE(last_seen_at, created_at) < ?");
            args.add(ts(criteria.notSeenSince()));
        }
        List<String> ids = jdbc.sql(sql.append(" ORDER BY id").toString()).params(args).query(String.class).list().stream()
                .filter(id -> registry.find(id).isEmpty()).toList();
        return deleteAll(ids).thenApply(n -> ids);
    }

    private CompletableFuture<Integer> deleteAll(List<String> ids) {
        CompletableFuture<Integer> done = CompletableFuture.completedFuture(0);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            done = done.thenCompose(sum -> store.submit(tx -> sum + deleteChunk(tx.jdbc(), chunk))).thenApply(sum -> {
                messageLog.forget(chunk); // logged frames are in blocks shared with other stations: hidden, not deleted
                return sum;
            });
        }
        return done;
    }

    private static int deleteChunk(JdbcClient jdbc, List<String> ids) {
        String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
        for (String table : TRANSACTION_TABLES)
            jdbc.sql("DELETE FROM " + table + " WHERE transaction_id IN (SELECT id FROM charging_transaction WHERE station_id IN (" + in + "))")
                    .params(ids).update();
        for (String table : STATION_TABLES)
            jdbc.sql("DELETE FROM " + table + " WHERE station_id IN (" + in + ")").params(ids).update();
        jdbc.sql("DELETE FROM charging_transaction WHERE station_id IN (" + in + ")").params(ids).update();
        // connector status, charging profiles, configuration, local list and the device model cascade
        return jdbc.sql("DELETE FROM station WHERE id IN (" + in + ")").params(ids).update();
    }
}
