package org.ladewerk.server.station;

import java.time.Instant;

/** A status change of an EVSE connector (EVSE 0 / connector 0 is the station as a whole). */
public record ConnectorStatusReport(int evseId, int connectorId, String status, String errorCode, String info,
                                   String vendorId, String vendorErrorCode, Instant timestamp) {}
