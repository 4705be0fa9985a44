package org.ladewerk.server.transaction;

import static org.ladewerk.server.store.Sql.ts;

import java.time.Instant;
import org.ladewerk.server.authorization.IdTagService;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.springframework.stereotype.Component;

/**
 * Remote starts the central system asked for (OCPP 2.x RequestStartTransaction), by remoteStartId.
 * Some stations leave the idToken out of the TransactionEvents of such a transaction; the tag the
 * central system sent is then the transaction's tag. The station may report the transaction before
 * its answer to the request is recorded, so the link is made from whichever side comes second.
 */
@Component
public class RemoteStarts {

    private final IdTagService idTags;

    public RemoteStarts(IdTagService idTags) {
        this.idTags = idTags;
    }

    /** The station accepted RequestStartTransaction {@code remoteStartId} for {@code idTag}. */
    public void accepted(Tx tx, String stationId, int remoteStartId, String idTag) {
        Instant now = Instant.now();
        int updated = tx.jdbc().sql("UPDATE remote_start SET id_tag = ?, created_at = ? WHERE station_id = ? AND remote_start_id = ?")
                .params(idTag, ts(now), stationId, remoteStartId).update();
        if (updated == 0)
            tx.jdbc().sql("INSERT INTO remote_start (station_id, remote_start_id, id_tag, created_at) VALUES (?, ?, ?, ?)")
                    .params(stationId, remoteStartId, idTag, ts(now)).update();
        String status = idTags.authorize(tx, idTag, false).status().name();
        tx.jdbc().sql("UPDATE charging_transaction SET id_tag = ?, auth_status = ? WHERE station_id = ? AND remote_start_id = ? AND id_tag IS NULL")
                .params(idTag, status, stationId, remoteStartId).update();
    }

    /** The tag sent with this remote start, or null. */
    static String tag(Tx tx, String stationId, Integer remoteStartId) {
        if (remoteStartId == null) return null;
        return tx.jdbc().sql("SELECT id_tag FROM remote_start WHERE station_id = ? AND remote_start_id = ?")
                .params(stationId, remoteStartId).query(String.class).optional().orElse(null);
    }
}
