package org.ladewerk.server.transaction;

import java.time.Instant;
import java.util.List;

/**
 * A charging transaction, whatever the protocol: {@code id} is the central system's identity;
 * {@code stationTransactionId} is the id the station uses (the same number in OCPP 1.6, its own
 * string in 2.x). Energy in Wh; while a 2.x transaction is open, {@code meterStopWh} is the latest
 * reading. {@code samples} is filled only for a single transaction's detail.
 */
public record Transaction(long id, String stationTransactionId, String stationId, int evseId, int connectorId, String idTag,
                          String authorizationStatus, Long meterStartWh, Instant startAt, Integer reservationId,
                          Long meterStopWh, Instant stopAt, String stopReason, String stopIdTag, Long energyWh,
                          String chargingState, boolean open, List<MeterSample> samples) {

    Transaction withSamples(List<MeterSample> samples) {
        return new Transaction(id, stationTransactionId, stationId, evseId, connectorId, idTag, authorizationStatus, meterStartWh,
                startAt, reservationId, meterStopWh, stopAt, stopReason, stopIdTag, energyWh, chargingState, open, samples);
    }
}
