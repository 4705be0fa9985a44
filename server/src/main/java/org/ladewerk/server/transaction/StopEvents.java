package org.ladewerk.server.transaction;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.store.GroupCommitter.Tx;

/** Publishes a transaction stop, whoever recorded it (the station, or the central system closing a stale one). */
final class StopEvents {
    private StopEvents() {}

    /** Announces a stop with the energy as stored (after this unit's meter updates); never negative energy. */
    static void publish(Tx tx, EventBus events, String stationId, long id, String reason, Instant at) {
        tx.jdbc().sql("SELECT station_tx_id, meter_start_wh, meter_stop_wh FROM charging_transaction WHERE id = ?").param(id)
                .query(rs -> {
                    BigDecimal energy = EnergyRegister.energy(rs.getBigDecimal("meter_start_wh"), rs.getBigDecimal("meter_stop_wh"));
                    events.publish(tx, new StationEvent.TransactionStopped(stationId, id,
                            Transaction.stationTransactionId(id, rs.getString("station_tx_id")),
                            reason, energy == null ? null : energy.setScale(0, RoundingMode.HALF_UP).longValueExact(), at));
                });
    }
}
