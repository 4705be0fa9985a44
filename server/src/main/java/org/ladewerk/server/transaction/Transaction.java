package org.ladewerk.server.transaction;

import java.time.Instant;
import java.util.List;

/** A charging transaction; energy in Wh. {@code samples} is filled only for a single transaction's detail. */
public record Transaction(long id, String stationId, int evseId, int connectorId, String idTag, String authorizationStatus,
                          long meterStartWh, Instant startAt, Integer reservationId, Long meterStopWh, Instant stopAt,
                          String stopReason, String stopIdTag, Long energyWh, boolean open, List<MeterSample> samples) {}
