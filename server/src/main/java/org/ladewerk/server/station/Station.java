package org.ladewerk.server.station;

import java.time.Instant;
import java.util.List;

/**
 * A station as the API shows it: stored identity plus live connection state. {@code transport} is
 * "json" (OCPP-J over WebSocket) or "soap"; {@code endpointAddress} is a SOAP station's ChargePointService.
 * {@code registrationStatus} is what the operator decided; {@code bootStatus} is what the station was
 * last answered to a BootNotification (null: it never sent a valid one). {@code connected} says the
 * link is up; {@code online} only when the station also booted and was accepted. {@code state} is
 * Online, Offline, NotBooted, BootPending or BootRejected, and {@code missing} says what a connected
 * station still lacks to be online. {@code source} is "ocpp" for a station that talks OCPP to Ladewerk,
 * "openwb" for a charge point run by an openWB (seen over MQTT): that one is read-only here, its live
 * values are in {@code external}, and only its charge mode can be set (through openWB's set-topics).
 */
public record Station(String id, String account, RegistrationStatus registrationStatus, boolean passwordSet,
                      String ocppVersion, String vendor, String model, String serialNumber, String chargeBoxSerial,
                      String firmwareVersion, String iccid, String imsi, String meterType, String meterSerialNumber,
                      Integer localListVersion, Instant lastBootAt, Instant lastSeenAt, Instant connectedAt,
                      Instant disconnectedAt, Instant createdAt, boolean online, List<ConnectorStatus> connectors,
                      String transport, String endpointAddress, String bootStatus, boolean connected, String state,
                      String missing, String source, External external) {

    public static final String OCPP = "ocpp";

    /** Live values of a charge point Ladewerk only watches (null fields: unknown or stale). */
    public record External(boolean readOnly, Double powerW, Double energyWh, Boolean plugged, Boolean charging, String chargeMode,
                           List<String> chargeModes, String chargeModeSetPath) {}

    public record ConnectorStatus(int evseId, int connectorId, String status, String errorCode, String info,
                                  String vendorId, String vendorErrorCode, Instant statusAt) {}

    Station withLive(boolean connected, Instant lastSeen, List<ConnectorStatus> connectors) {
        String state = !connected ? "Offline" : bootStatus == null ? "NotBooted" : "Accepted".equals(bootStatus) ? "Online" : "Boot" + bootStatus;
        String missing = switch (state) {
            case "NotBooted" -> "BootNotification: connected, but no valid BootNotification was ever received";
            case "BootPending" -> "registration: the last BootNotification was answered Pending";
            case "BootRejected" -> "registration: the last BootNotification was answered Rejected";
            default -> null;
        };
        return new Station(id, account, registrationStatus, passwordSet, ocppVersion, vendor, model, serialNumber,
                chargeBoxSerial, firmwareVersion, iccid, imsi, meterType, meterSerialNumber, localListVersion, lastBootAt,
                lastSeen != null ? lastSeen : lastSeenAt, connectedAt, disconnectedAt, createdAt, "Online".equals(state), connectors,
                transport, endpointAddress, bootStatus, connected, state, missing, source, external);
    }
}
