package org.ladewerk.simulator.station;

/** What a connector shows from outside at one moment; for status displays, tests and the load report. */
public record ConnectorState(int connectorId, ConnectorStatus status, String errorCode, Integer transactionId,
                             String idTag, double powerW, double offeredW, long meterWh, Double socPercent,
                             Integer reservationId) {
}
