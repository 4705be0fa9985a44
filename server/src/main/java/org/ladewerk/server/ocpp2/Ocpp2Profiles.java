package org.ladewerk.server.ocpp2;

import static org.ladewerk.server.transport.OcppFields.instant;
import static org.ladewerk.server.transport.OcppFields.text;

import org.ladewerk.server.smartcharging.ChargingProfileService.ChargingProfile;
import org.ladewerk.server.store.GroupCommitter.Tx;
import tools.jackson.databind.JsonNode;

/** OCPP 2.x charging profiles as the domain keeps them. */
final class Ocpp2Profiles {
    private Ocpp2Profiles() {}

    static ChargingProfile profile(Tx tx, String stationId, int evseId, JsonNode p) {
        return new ChargingProfile(stationId, p.get("id").asInt(), evseId, p.get("stackLevel").asInt(),
                text(p, "chargingProfilePurpose"), text(p, "chargingProfileKind"), transactionId(tx, stationId, text(p, "transactionId")),
                instant(p, "validFrom"), instant(p, "validTo"), p.toString(), null);
    }

    /** 2.x names a transaction by the station's string; the domain by our id (null while we do not know it). */
    private static Long transactionId(Tx tx, String stationId, String stationTransactionId) {
        if (stationTransactionId == null) return null;
        return tx.jdbc().sql("SELECT id FROM charging_transaction WHERE station_id = ? AND station_tx_id = ?")
                .params(stationId, stationTransactionId).query(Long.class).optional().orElse(null);
    }
}
