package org.ladewerk.server.command;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.OcppVersion;
import org.ladewerk.server.transport.StationRegistry;
import org.springframework.stereotype.Service;
import tools.jackson.databind.node.ObjectNode;

/**
 * Domain-level commands ("reserve EVSE 1 for tag X") rendered in the OCPP version of the station
 * that receives them, then sent through {@link CommandService}.
 */
@Service
public class StationCommands {

    private static final java.security.SecureRandom REMOTE_START_IDS = new java.security.SecureRandom();

    private final CommandService commands;
    private final StationRegistry registry;

    public StationCommands(CommandService commands, StationRegistry registry) {
        this.commands = commands;
        this.registry = registry;
    }

    public CompletableFuture<CommandResult> reserve(String stationId, int reservationId, int evseId, String idTag,
                                                    String parentIdTag, Instant expiry) {
        return send(stationId, "ReserveNow", v -> {
            if (v == OcppVersion.V1_6) {
                ObjectNode p = object().put("connectorId", evseId).put("expiryDate", expiry.toString()).put("idTag", idTag)
                        .put("reservationId", reservationId);
                if (parentIdTag != null) p.put("parentIdTag", parentIdTag);
                return p;
            }
            ObjectNode p = object().put("id", reservationId).put("expiryDateTime", expiry.toString());
            p.set("idToken", object().put("idToken", idTag).put("type", "Central"));
            if (evseId > 0) p.put("evseId", evseId);
            if (parentIdTag != null) p.set("groupIdToken", object().put("idToken", parentIdTag).put("type", "Central"));
            return p;
        });
    }

    public CompletableFuture<CommandResult> cancelReservation(String stationId, int reservationId) {
        return send(stationId, "CancelReservation", v -> object().put("reservationId", reservationId));
    }

    /** {@code profile} is a charging profile in the station's protocol shape (csChargingProfiles in 1.6). */
    public CompletableFuture<CommandResult> setChargingProfile(String stationId, int evseId, ObjectNode profile) {
        return send(stationId, "SetChargingProfile", v -> {
            boolean v16 = v == OcppVersion.V1_6;
            ObjectNode p = object().put(v16 ? "connectorId" : "evseId", evseId);
            p.set(v16 ? "csChargingProfiles" : "chargingProfile", profile);
            return p;
        });
    }

    /**
     * Limits an EVSE (0: the whole station) to {@code limitA} A per phase with a TxDefaultProfile of the
     * given id and stack level, in the station's version (1.6 csChargingProfiles, 2.x chargingProfile);
     * {@code phases} becomes the period's numberPhases (and phaseToUse 1 for one phase in 2.x).
     */
    public CompletableFuture<CommandResult> limitCurrent(String stationId, int evseId, int profileId, int stackLevel, double limitA,
                                                         Integer phases) {
        return send(stationId, "SetChargingProfile", v -> {
            boolean v16 = v == OcppVersion.V1_6;
            ObjectNode period = object().put("startPeriod", 0).put("limit", Math.round(limitA * 10) / 10.0);
            if (phases != null) {
                period.put("numberPhases", phases);
                if (!v16 && phases == 1) period.put("phaseToUse", 1);
            }
            ObjectNode schedule = object().put("chargingRateUnit", "A");
            schedule.putArray("chargingSchedulePeriod").add(period);
            ObjectNode profile = object().put(v16 ? "chargingProfileId" : "id", profileId).put("stackLevel", stackLevel)
                    .put("chargingProfilePurpose", "TxDefaultProfile").put("chargingProfileKind", "Relative");
            if (v16) profile.set("chargingSchedule", schedule);
            else profile.putArray("chargingSchedule").add(schedule.put("id", profileId));
            ObjectNode p = object().put(v16 ? "connectorId" : "evseId", evseId);
            p.set(v16 ? "csChargingProfiles" : "chargingProfile", profile);
            return p;
        });
    }

    public CompletableFuture<CommandResult> clearChargingProfile(String stationId, int profileId) {
        return send(stationId, "ClearChargingProfile", v -> object().put(v == OcppVersion.V1_6 ? "id" : "chargingProfileId", profileId));
    }

    /**
     * Starts charging on the EVSE for the tag: 1.6 RemoteStartTransaction, 2.x RequestStartTransaction
     * (with a random remoteStartId, the station's correlation id for this request, not a stored key).
     */
    public CompletableFuture<CommandResult> startCharging(String stationId, int evseId, String idTag) {
        var session = registry.find(stationId);
        if (session.isEmpty()) return CompletableFuture.completedFuture(new CommandResult.NotConnected());
        if (session.get().version() == OcppVersion.V1_6)
            return commands.send(stationId, "RemoteStartTransaction", object().put("connectorId", evseId).put("idTag", idTag));
        ObjectNode p = object().put("evseId", evseId).put("remoteStartId", REMOTE_START_IDS.nextInt(1, Integer.MAX_VALUE));
        p.set("idToken", object().put("idToken", idTag).put("type", "Central"));
        return commands.send(stationId, "RequestStartTransaction", p);
    }


    /**
     * Limits one running transaction to {@code limitA} amperes per phase (a TxProfile, relative to the
     * transaction's start, replacing an earlier one with the same id). {@code phases} and {@code minimumA}
     * may be null; {@code stationTransactionId} is the transaction's id as the station knows it.
     */
    public CompletableFuture<CommandResult> limitTransaction(String stationId, int evseId, String stationTransactionId, int profileId,
                                                             double limitA, Integer phases, Double minimumA) {
        return send(stationId, "SetChargingProfile", v -> {
            boolean v16 = v == OcppVersion.V1_6;
            ObjectNode period = object().put("startPeriod", 0).put("limit", limitA);
            if (phases != null) period.put("numberPhases", phases);
            ObjectNode schedule = object().put("chargingRateUnit", "A");
            schedule.putArray("chargingSchedulePeriod").add(period);
            if (minimumA != null) schedule.put("minChargingRate", minimumA);
            ObjectNode profile = object().put(v16 ? "chargingProfileId" : "id", profileId).put("stackLevel", 1)
                    .put("chargingProfilePurpose", "TxProfile").put("chargingProfileKind", "Relative");
            if (v16) {
                profile.put("transactionId", Integer.parseInt(stationTransactionId));
                profile.set("chargingSchedule", schedule);
            } else {
                profile.put("transactionId", stationTransactionId);
                profile.putArray("chargingSchedule").add(schedule.put("id", profileId));
            }
            ObjectNode p = object().put(v16 ? "connectorId" : "evseId", evseId);
            p.set(v16 ? "csChargingProfiles" : "chargingProfile", profile);
            return p;
        });
    }

    /** Asks the station to stop a transaction (RemoteStopTransaction in 1.6, RequestStopTransaction in 2.x). */
    public CompletableFuture<CommandResult> stopTransaction(String stationId, String stationTransactionId) {
        var session = registry.find(stationId);
        if (session.isEmpty()) return CompletableFuture.completedFuture(new CommandResult.NotConnected());
        return session.get().version() == OcppVersion.V1_6
                ? commands.send(stationId, "RemoteStopTransaction", object().put("transactionId", Integer.parseInt(stationTransactionId)))
                : commands.send(stationId, "RequestStopTransaction", object().put("transactionId", stationTransactionId));
    }

    private CompletableFuture<CommandResult> send(String stationId, String action, java.util.function.Function<OcppVersion, ObjectNode> render) {
        var session = registry.find(stationId);
        if (session.isEmpty()) return CompletableFuture.completedFuture(new CommandResult.NotConnected());
        return commands.send(stationId, action, render.apply(session.get().version()));
    }

    private static ObjectNode object() {
        return Json.mapper().createObjectNode();
    }
}
