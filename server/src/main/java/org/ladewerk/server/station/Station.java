package org.ladewerk.server.station;

import java.time.Instant;
import java.util.List;

/**
 * A station as the API shows it: stored identity plus live connection state. {@code transport} is
 * "json" (OCPP-J over WebSocket) or "soap"; {@code endpointAddress} is a SOAP station's ChargePointService.
 */
public record Station(String id, String account, RegistrationStatus registrationStatus, boolean passwordSet,
                      String ocppVersion, String vendor, String model, String serialNumber, String chargeBoxSerial,
                      String firmwareVersion, String iccid, String imsi, String meterType, String meterSerialNumber,
                      Integer localListVersion, Instant lastBootAt, Instant lastSeenAt, Instant connectedAt,
                      Instant disconnectedAt, Instant createdAt, boolean online, List<ConnectorStatus> connectors,
                      String transport, String endpointAddress) {

    public record ConnectorStatus(int evseId, int connectorId, String status, String errorCode, String info,
                                  String vendorId, String vendorErrorCode, Instant statusAt) {}

    Station withLive(boolean online, Instant lastSeen, List<ConnectorStatus> connectors) {
        return new Station(id, account, registrationStatus, passwordSet, ocppVersion, vendor, model, serialNumber,
                chargeBoxSerial, firmwareVersion, iccid, imsi, meterType, meterSerialNumber, localListVersion, lastBootAt,
                lastSeen != null ? lastSeen : lastSeenAt, connectedAt, disconnectedAt, createdAt, online, connectors,
                transport, endpointAddress);
    }
}
