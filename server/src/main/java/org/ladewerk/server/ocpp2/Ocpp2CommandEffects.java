package org.ladewerk.server.ocpp2;

import static org.ladewerk.server.ocpp2.Ocpp2Json.integer;
import static org.ladewerk.server.transport.OcppFields.instant;
import static org.ladewerk.server.transport.OcppFields.text;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ladewerk.ocpp.OcppVersion;
import org.ladewerk.server.command.CommandEffects;
import org.ladewerk.server.configuration.ConfigurationService;
import org.ladewerk.server.configuration.ConfigurationService.LocalListEntry;
import org.ladewerk.server.datatransfer.DataTransferService;
import org.ladewerk.server.devicemodel.DeviceModelService;
import org.ladewerk.server.devicemodel.DeviceModelService.Monitor;
import org.ladewerk.server.devicemodel.DeviceModelService.Variable;
import org.ladewerk.server.reservation.ReservationService;
import org.ladewerk.server.smartcharging.ChargingProfileService;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.ladewerk.server.transaction.RemoteStarts;
import org.ladewerk.server.transaction.StaleTransactions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an answered OCPP 2.x command changed: device model, monitors, reservations, profiles, local
 * list, the tag of a remote start, and transactions the station says are no longer ongoing.
 */
public class Ocpp2CommandEffects implements CommandEffects {

    public record Services(DeviceModelService deviceModel, ReservationService reservations, ChargingProfileService profiles,
                           ConfigurationService configuration, DataTransferService dataTransfers, RemoteStarts remoteStarts,
                           StaleTransactions staleTransactions) {}

    private final OcppVersion version;
    private final Services s;

    public Ocpp2CommandEffects(OcppVersion version, Services services) {
        this.version = version;
        this.s = services;
    }

    @Override
    public OcppVersion version() {
        return version;
    }

    @Override
    public String precondition(String stationId, String action, ObjectNode request) {
        if (!"ReserveNow".equals(action)) return null;
        int id = request.get("id").asInt();
        String holder = s.reservations().heldElsewhere(id, stationId);
        return holder == null ? null : "reservation id " + id + " is in use by station " + holder;
    }

    @Override
    public void record(Tx tx, String stationId, String action, ObjectNode request, ObjectNode response) {
        boolean accepted = "Accepted".equals(text(response, "status"));
        switch (action) {
            case "GetVariables" -> {
                var values = new ArrayList<Variable>();
                for (JsonNode r : response.get("getVariableResult"))
                    if ("Accepted".equals(text(r, "attributeStatus")))
                        values.add(value(r, text(r, "attributeValue")));
                s.deviceModel().save(tx, stationId, values);
            }
            case "SetVariables" -> {
                var values = new ArrayList<Variable>();
                for (JsonNode r : response.get("setVariableResult")) {
                    String status = text(r, "attributeStatus");
                    if (!"Accepted".equals(status) && !"RebootRequired".equals(status)) continue;
                    for (JsonNode data : request.get("setVariableData"))
                        if (Ocpp2Json.sameRef(data, r)) values.add(value(data, text(data, "attributeValue")));
                }
                s.deviceModel().save(tx, stationId, values);
            }
            case "SetVariableMonitoring" -> {
                var monitors = new ArrayList<Monitor>();
                for (JsonNode r : response.get("setMonitoringResult")) {
                    if (!"Accepted".equals(text(r, "status")) || integer(r, "id") == null) continue;
                    for (JsonNode data : request.get("setMonitoringData"))
                        if (Ocpp2Json.ref(data.get("component"), data.get("variable")).equals(Ocpp2Json.ref(r.get("component"), r.get("variable")))
                                && text(data, "type").equals(text(r, "type")))
                            monitors.add(new Monitor(r.get("id").asInt(), Ocpp2Json.ref(r.get("component"), r.get("variable")),
                                    text(r, "type"), data.get("value").asDouble(), r.get("severity").asInt(),
                                    data.path("transaction").asBoolean(false), null));
                }
                s.deviceModel().saveMonitors(tx, stationId, monitors);
            }
            case "ClearVariableMonitoring" -> {
                for (JsonNode r : response.get("clearMonitoringResult"))
                    if ("Accepted".equals(text(r, "status")) || "NotFound".equals(text(r, "status")))
                        s.deviceModel().clearMonitor(tx, stationId, r.get("id").asInt());
            }
            case "ReserveNow" -> {
                JsonNode group = request.get("groupIdToken");
                s.reservations().reserved(tx, stationId, request.get("id").asInt(), request.path("evseId").asInt(0),
                        text(request.get("idToken"), "idToken"), group == null ? null : text(group, "idToken"),
                        instant(request, "expiryDateTime"), text(response, "status"));
            }
            case "CancelReservation" -> {
                if (accepted) s.reservations().cancelled(tx, stationId, request.get("reservationId").asInt());
            }
            case "SetChargingProfile" -> {
                if (accepted) s.profiles().installed(tx, Ocpp2Profiles.profile(tx, stationId, request.get("evseId").asInt(), request.get("chargingProfile")));
            }
            case "ClearChargingProfile" -> {
                if (accepted) {
                    JsonNode c = request.path("chargingProfileCriteria");
                    s.profiles().cleared(tx, stationId, new ChargingProfileService.ClearCriteria(integer(request, "chargingProfileId"),
                            c.isMissingNode() ? null : integer(c, "evseId"), c.isMissingNode() ? null : text(c, "chargingProfilePurpose"),
                            c.isMissingNode() ? null : integer(c, "stackLevel")));
                }
            }
            case "SendLocalList" -> {
                if (accepted) {
                    List<LocalListEntry> entries = new ArrayList<>();
                    for (JsonNode e : request.path("localAuthorizationList"))
                        entries.add(new LocalListEntry(text(e.get("idToken"), "idToken"), e.has("idTokenInfo") ? e.get("idTokenInfo").toString() : null));
                    s.configuration().localListUpdated(tx, stationId, request.get("versionNumber").asInt(),
                            "Full".equals(text(request, "updateType")), entries);
                }
            }
            case "RequestStartTransaction" -> {
                if (accepted) s.remoteStarts().accepted(tx, stationId, request.get("remoteStartId").asInt(),
                        text(request.get("idToken"), "idToken"));
            }
            case "GetTransactionStatus" -> {
                // only an answer about one transaction with nothing left in the station's queue proves it is over
                if (text(request, "transactionId") != null && !response.get("messagesInQueue").asBoolean()
                        && response.has("ongoingIndicator") && !response.get("ongoingIndicator").asBoolean())
                    s.staleTransactions().notOngoing(tx, stationId, text(request, "transactionId"), Instant.now());
            }
            case "GetLocalListVersion" -> s.configuration().localListVersion(tx, stationId, response.get("versionNumber").asInt());
            case "DataTransfer" -> s.dataTransfers().record(tx, stationId, "out", text(request, "vendorId"), text(request, "messageId"),
                    request.has("data") ? request.get("data").toString() : null, text(response, "status"),
                    response.has("data") ? response.get("data").toString() : null);
            default -> {
                // Other commands act on the station; their effect arrives as its own messages
                // (TransactionEvent, NotifyReport, StatusNotification, ...). The command log keeps the call.
            }
        }
    }

    private static Variable value(JsonNode result, String value) {
        return new Variable(Ocpp2Json.ref(result.get("component"), result.get("variable")), Ocpp2Json.attributeType(result), value,
                null, null, null, null, null, null, null, null, null, null);
    }
}
