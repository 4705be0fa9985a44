package org.ladewerk.server.transaction;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A charging transaction, whatever the protocol: {@code id} is the central system's identity;
 * {@code stationTransactionId} is the id the station uses (the same number in OCPP 1.6, its own
 * string in 2.x). Energy in Wh with the decimals the station reported; while a 2.x transaction is
 * open, {@code meterStopWh} is the latest reading. {@code energyWh} is never negative: it is null
 * when the stop reads below the start. {@code staleCause} says why the central system closed a
 * transaction the station never stopped (stop reason {@code ClosedByCentralSystem}); {@code anomalies}
 * flags implausible raw values, which are kept as reported. {@code samples} is filled only for a
 * single transaction's detail.
 */
public record Transaction(long id, String stationTransactionId, String stationId, int evseId, int connectorId, String idTag,
                          String authorizationStatus, BigDecimal meterStartWh, Instant startAt, Integer reservationId,
                          BigDecimal meterStopWh, Instant stopAt, String stopReason, String stopIdTag, BigDecimal energyWh,
                          String chargingState, boolean open, String staleCause, List<String> anomalies, List<MeterSample> samples) {

    /** A transaction on connector 0 (the station itself, not an outlet). */
    public static final String CONNECTOR_ZERO = "ConnectorZero";
    /** The meter stop reads below the meter start. */
    public static final String STOP_BELOW_START = "StopBelowStart";
    /** The stop time is before the start time. */
    public static final String STOP_BEFORE_START = "StopBeforeStart";

    /** The id the station knows, from the stored {@code station_tx_id}: null for a 1.6 transaction, whose station uses our id. */
    public static String stationTransactionId(long id, String storedStationTxId) {
        return storedStationTxId != null ? storedStationTxId : Long.toString(id);
    }

    static List<String> anomalies(int evseId, BigDecimal meterStart, BigDecimal meterStop, Instant startAt, Instant stopAt) {
        var anomalies = new ArrayList<String>(0);
        if (evseId == 0) anomalies.add(CONNECTOR_ZERO);
        if (meterStart != null && meterStop != null && meterStop.compareTo(meterStart) < 0) anomalies.add(STOP_BELOW_START);
        if (startAt != null && stopAt != null && stopAt.isBefore(startAt)) anomalies.add(STOP_BEFORE_START);
        return List.copyOf(anomalies);
    }

    Transaction withSamples(List<MeterSample> samples) {
        return new Transaction(id, stationTransactionId, stationId, evseId, connectorId, idTag, authorizationStatus, meterStartWh,
                startAt, reservationId, meterStopWh, stopAt, stopReason, stopIdTag, energyWh, chargingState, open, staleCause,
                anomalies, samples);
    }
}
