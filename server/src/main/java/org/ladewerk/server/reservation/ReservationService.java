package org.ladewerk.server.reservation;

import static org.ladewerk.server.store.Sql.bigint;
import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.ts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ladewerk.server.store.GroupCommitter;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

@Service
public class ReservationService {

    private final GroupCommitter store;
    private final JdbcClient jdbc;

    public ReservationService(GroupCommitter store, JdbcClient jdbc) {
        this.store = store;
        this.jdbc = jdbc;
    }

    /**
     * Records a ReserveNow and the station's answer. Reservation ids are unique in the central system:
     * a reused id replaces this station's reservation or a finished one of another station, never a
     * live reservation elsewhere (see {@link #heldElsewhere}).
     */
    public void reserved(Tx tx, String stationId, int id, int evseId, String idTag, String parentIdTag, Instant expiry, String status) {
        Instant now = Instant.now();
        tx.jdbc().sql("DELETE FROM reservation WHERE id = ? AND (station_id = ? OR status <> 'Accepted')").params(id, stationId).update();
        if (heldElsewhere(tx.jdbc(), id, stationId) != null) return; // lost a race with another station's ReserveNow
        tx.jdbc().sql("""
                INSERT INTO reservation (id, station_id, evse_id, id_tag, parent_id_tag, expiry_at, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, stationId, evseId, idTag, parentIdTag, ts(expiry), status, ts(now), ts(now)).update();
    }

    /** The station ended a reservation by itself (OCPP 2.x ReservationStatusUpdate: Expired or Removed). */
    public void ended(Tx tx, String stationId, int id, String status) {
        tx.jdbc().sql("UPDATE reservation SET status = ?, updated_at = ? WHERE id = ? AND station_id = ?")
                .params(status, ts(Instant.now()), id, stationId).update();
    }

    /** The station that holds an active reservation with this id, if it is not {@code stationId}. */
    public String heldElsewhere(int id, String stationId) {
        return heldElsewhere(jdbc, id, stationId);
    }

    private static String heldElsewhere(JdbcClient jdbc, int id, String stationId) {
        return jdbc.sql("SELECT station_id FROM reservation WHERE id = ? AND station_id <> ? AND status = 'Accepted'")
                .params(id, stationId).query(String.class).optional().orElse(null);
    }

    public void cancelled(Tx tx, String stationId, int id) {
        tx.jdbc().sql("UPDATE reservation SET status = 'Cancelled', updated_at = ? WHERE id = ? AND station_id = ?")
                .params(ts(Instant.now()), id, stationId).update();
    }

    /** Accepted reservations whose time has passed become Expired (the station drops them by itself). */
    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    public void expireDue() {
        Instant now = Instant.now();
        store.submit(tx -> tx.jdbc().sql("UPDATE reservation SET status = 'Expired', updated_at = ? WHERE status = 'Accepted' AND expiry_at < ?")
                .params(ts(now), ts(now)).update());
    }

    public List<Reservation> list(String stationId, String status) {
        var sql = new StringBuilder("SELECT * FROM reservation WHERE 1 = 1");
        var args = new ArrayList<Object>();
        if (stationId != null) { sql.append(" AND station_id = ?"); args.add(stationId); }
        if (status != null) { sql.append(" AND status = ?"); args.add(status); }
        return jdbc.sql(sql.append(" ORDER BY created_at DESC, id").toString()).params(args).query(ReservationService::reservation).list();
    }

    public Optional<Reservation> find(int id) {
        return jdbc.sql("SELECT * FROM reservation WHERE id = ?").param(id).query(ReservationService::reservation).optional();
    }

    /** A reservation id not yet used, for reservations made through the resource API. */
    public int nextId() {
        return jdbc.sql("SELECT COALESCE(MAX(id), 0) + 1 FROM reservation").query(Integer.class).single();
    }

    private static Reservation reservation(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Reservation(rs.getInt("id"), rs.getString("station_id"), rs.getInt("evse_id"), rs.getString("id_tag"),
                rs.getString("parent_id_tag"), instant(rs, "expiry_at"), rs.getString("status"), bigint(rs, "transaction_id"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
