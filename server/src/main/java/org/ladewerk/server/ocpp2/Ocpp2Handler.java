package org.ladewerk.server.ocpp2;

import static org.ladewerk.server.ocpp2.Ocpp2Json.integer;
import static org.ladewerk.server.ocpp2.Ocpp2Json.object;
import static org.ladewerk.server.transport.OcppFields.instant;
import static org.ladewerk.server.transport.OcppFields.text;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.ladewerk.ocpp.ErrorCode;
import org.ladewerk.ocpp.OcppVersion;
import org.ladewerk.server.authorization.Authorization;
import org.ladewerk.server.authorization.AuthorizationStatus;
import org.ladewerk.server.authorization.IdTagService;
import org.ladewerk.server.datatransfer.DataTransferService;
import org.ladewerk.server.devicemodel.DeviceModelService;
import org.ladewerk.server.devicemodel.DeviceModelService.Monitor;
import org.ladewerk.server.devicemodel.DeviceModelService.Variable;
import org.ladewerk.server.devicemodel.DeviceReports;
import org.ladewerk.server.maintenance.MaintenanceService;
import org.ladewerk.server.report.StationReportService;
import org.ladewerk.server.reservation.ReservationService;
import org.ladewerk.server.smartcharging.ChargingProfileService;
import org.ladewerk.server.station.BootInfo;
import org.ladewerk.server.station.ConnectorStatusReport;
import org.ladewerk.server.station.StationService;
import org.ladewerk.server.store.GroupCommitter;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.ladewerk.server.transaction.TransactionService;
import org.ladewerk.server.transaction.TransactionService.TransactionEventReport;
import org.ladewerk.server.transport.OcppCallException;
import org.ladewerk.server.transport.StationMessageHandler;
import org.ladewerk.server.transport.StationSession;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OCPP 2.0.1 and 2.1 station-initiated calls on the version-neutral domain (2.1 is a superset; one
 * instance serves each version). EVSE and connector ids are the station's own.
 */
public class Ocpp2Handler implements StationMessageHandler {

    /** The services a 2.x station's messages reach. */
    public record Services(StationService stations, IdTagService idTags, TransactionService transactions,
                           MaintenanceService maintenance, DataTransferService dataTransfers, DeviceModelService deviceModel,
                           StationReportService reports, ReservationService reservations, ChargingProfileService profiles,
                           GroupCommitter store, DeviceReports deviceReports) {}

    private final OcppVersion version;
    private final Services s;

    public Ocpp2Handler(OcppVersion version, Services services) {
        this.version = version;
        this.s = services;
    }

    @Override
    public OcppVersion version() {
        return version;
    }

    @Override
    public CompletableFuture<Void> connected(StationSession session) {
        return s.stations().connected(session.stationId(), session.account(), session.version());
    }

    @Override
    public void disconnected(StationSession session) {
        s.stations().disconnected(session.stationId(), session.lastSeen());
    }

    @Override
    public CompletableFuture<ObjectNode> handle(StationSession session, String action, ObjectNode p) {
        String id = session.stationId();
        return switch (action) {
            case "BootNotification" -> boot(id, p);
            case "Heartbeat" -> s.stations().heartbeat(id).thenApply(now -> object().put("currentTime", now.toString()));
            case "StatusNotification" -> s.stations().statusChanged(id, new ConnectorStatusReport(p.get("evseId").asInt(),
                    p.get("connectorId").asInt(), text(p, "connectorStatus"), null, null, null, null, instant(p, "timestamp")))
                    .thenApply(v -> object());
            case "Authorize" -> authorize(p.get("idToken")).thenApply(a -> {
                ObjectNode r = object();
                r.set("idTokenInfo", Ocpp2Json.idTokenInfo(a));
                return r;
            });
            case "TransactionEvent" -> transactionEvent(id, p);
            case "MeterValues" -> s.transactions().meterValues(id, p.get("evseId").asInt(), null, Ocpp2Json.samples(p.get("meterValue")))
                    .thenApply(v -> object());
            case "NotifyReport" -> stored(id, action, p, tx -> {
                s.deviceModel().save(tx, id, reportedVariables(p));
                s.deviceReports().part(tx, id, p.get("requestId").asInt(), p.get("seqNo").asInt(), p.path("tbc").asBoolean(false),
                        instant(p, "generatedAt"));
            }, object());
            case "NotifyMonitoringReport" -> stored(id, action, p, tx -> s.deviceModel().saveMonitors(tx, id, reportedMonitors(p)), object());
            case "FirmwareStatusNotification" -> maintenance(id, MaintenanceService.Kind.firmware, p);
            case "LogStatusNotification" -> maintenance(id, MaintenanceService.Kind.log, p);
            case "PublishFirmwareStatusNotification" -> maintenance(id, MaintenanceService.Kind.publish, p);
            case "ReservationStatusUpdate" -> stored(id, action, p,
                    tx -> s.reservations().ended(tx, id, p.get("reservationId").asInt(), text(p, "reservationUpdateStatus")), object());
            case "ReportChargingProfiles" -> stored(id, action, p, tx -> reportedProfiles(tx, id, p), object());
            case "DataTransfer" -> s.dataTransfers().received(id, text(p, "vendorId"), text(p, "messageId"),
                    p.has("data") ? p.get("data").toString() : null).thenApply(a -> object().put("status", a.status()));
            // Signing and 15118 contract certificates need a PKI the operator connects; until then the
            // request is kept for the operator (CertificateSigned can be sent through the command API).
            case "SignCertificate" -> stored(id, action, p, tx -> { }, object().put("status", "Accepted"));
            case "Get15118EVCertificate" -> stored(id, action, p, tx -> { }, failedWithoutPki(object().put("exiResponse", "")));
            case "GetCertificateStatus" -> stored(id, action, p, tx -> { }, failedWithoutPki(object()));
            case "NotifyEVChargingNeeds" -> stored(id, action, p, tx -> { }, object().put("status", "Accepted"));
            case "NotifyEVChargingSchedule" -> stored(id, action, p, tx -> { }, object().put("status", "Accepted"));
            case "OpenPeriodicEventStream" -> stored(id, action, p, tx -> { }, object().put("status", "Accepted"));
            case "NotifyEvent", "SecurityEventNotification", "NotifyChargingLimit", "ClearedChargingLimit", "NotifyDisplayMessages",
                 "NotifyCustomerInformation", "ClosePeriodicEventStream", "BatterySwap", "NotifyDERAlarm", "NotifyDERStartStop",
                 "NotifyPriorityCharging", "NotifySettlement", "ReportDERControl" -> stored(id, action, p, tx -> { }, object());
            default -> throw new OcppCallException(ErrorCode.NOT_SUPPORTED, action + " is not supported by this central system");
        };
    }

    /** OCPP 2.1 SEND (unanswered): periodic event stream data, kept like the other reports. */
    @Override
    public void handleSend(StationSession session, String action, ObjectNode payload) {
        s.store().submit(tx -> {
            s.reports().record(tx, session.stationId(), action, payload.toString());
            return null;
        });
    }

    private CompletableFuture<ObjectNode> boot(String id, ObjectNode p) {
        JsonNode cs = p.get("chargingStation");
        JsonNode modem = cs.path("modem");
        var info = new BootInfo(text(cs, "vendorName"), text(cs, "model"), text(cs, "serialNumber"), null,
                text(cs, "firmwareVersion"), modem.isMissingNode() ? null : text(modem, "iccid"),
                modem.isMissingNode() ? null : text(modem, "imsi"), null, null);
        return s.stations().boot(id, info).thenApply(d -> object().put("currentTime", d.currentTime().toString())
                .put("interval", d.intervalSeconds()).put("status", d.status().name()));
    }

    private CompletableFuture<Authorization> authorize(JsonNode idToken) {
        if (isNoAuthorization(idToken))
            return CompletableFuture.completedFuture(new Authorization(AuthorizationStatus.Accepted, null, null));
        return s.idTags().authorize(text(idToken, "idToken"));
    }

    private CompletableFuture<ObjectNode> transactionEvent(String id, ObjectNode p) {
        JsonNode info = p.get("transactionInfo");
        JsonNode evse = p.get("evse");
        JsonNode idToken = p.get("idToken");
        var report = new TransactionEventReport(id, text(info, "transactionId"), text(p, "eventType"), instant(p, "timestamp"),
                text(p, "triggerReason"), p.get("seqNo").asInt(), p.path("offline").asBoolean(false),
                evse == null ? null : evse.get("id").asInt(), evse == null ? null : integer(evse, "connectorId"),
                idToken == null ? null : text(idToken, "idToken"), idToken != null && !isNoAuthorization(idToken),
                text(info, "chargingState"), text(info, "stoppedReason"), integer(p, "reservationId"), integer(info, "remoteStartId"),
                Ocpp2Json.samples(p.get("meterValue")));
        return s.transactions().transactionEvent(report).thenApply(r -> {
            ObjectNode response = object();
            r.authorization().ifPresent(a -> response.set("idTokenInfo", Ocpp2Json.idTokenInfo(a)));
            return response;
        });
    }

    private CompletableFuture<ObjectNode> maintenance(String id, MaintenanceService.Kind kind, ObjectNode p) {
        return s.maintenance().reported(id, kind, text(p, "status")).thenApply(v -> object());
    }

    /** Stores the message verbatim plus whatever {@code effect} records, in one unit; answers {@code response}. */
    private CompletableFuture<ObjectNode> stored(String id, String action, ObjectNode p, Consumer<Tx> effect, ObjectNode response) {
        return s.store().submit(tx -> {
            s.reports().record(tx, id, action, p.toString());
            effect.accept(tx);
            return response;
        });
    }

    private static ObjectNode failedWithoutPki(ObjectNode response) {
        response.put("status", "Failed");
        response.set("statusInfo", object().put("reasonCode", "NoPKI")
                .put("additionalInfo", "no certificate authority is connected to this central system"));
        return response;
    }

    private static boolean isNoAuthorization(JsonNode idToken) {
        return "NoAuthorization".equals(text(idToken, "type"));
    }

    private static java.util.List<Variable> reportedVariables(JsonNode p) {
        var variables = new ArrayList<Variable>();
        for (JsonNode data : p.path("reportData")) {
            var ref = Ocpp2Json.ref(data.get("component"), data.get("variable"));
            JsonNode c = data.path("variableCharacteristics");
            for (JsonNode attribute : data.get("variableAttribute")) {
                // NotifyReport names the attribute type "type" (GetVariables/SetVariables say "attributeType")
                String type = text(attribute, "type") == null ? "Actual" : text(attribute, "type");
                variables.add(new Variable(ref, type, text(attribute, "value"), text(attribute, "mutability"),
                        attribute.has("persistent") ? attribute.get("persistent").asBoolean() : null,
                        attribute.has("constant") ? attribute.get("constant").asBoolean() : null,
                        c.isMissingNode() ? null : text(c, "dataType"), c.isMissingNode() ? null : text(c, "unit"),
                        c.has("minLimit") ? c.get("minLimit").asDouble() : null, c.has("maxLimit") ? c.get("maxLimit").asDouble() : null,
                        c.isMissingNode() ? null : text(c, "valuesList"),
                        c.has("supportsMonitoring") ? c.get("supportsMonitoring").asBoolean() : null, null));
            }
        }
        return variables;
    }

    private static java.util.List<Monitor> reportedMonitors(JsonNode p) {
        var monitors = new ArrayList<Monitor>();
        for (JsonNode m : p.path("monitor")) {
            var ref = Ocpp2Json.ref(m.get("component"), m.get("variable"));
            for (JsonNode vm : m.get("variableMonitoring")) {
                monitors.add(new Monitor(vm.get("id").asInt(), ref, text(vm, "type"), vm.get("value").asDouble(),
                        vm.get("severity").asInt(), vm.path("transaction").asBoolean(false), null));
            }
        }
        return monitors;
    }

    private void reportedProfiles(Tx tx, String stationId, JsonNode p) {
        int evseId = p.get("evseId").asInt();
        for (JsonNode profile : p.get("chargingProfile")) s.profiles().installed(tx, Ocpp2Profiles.profile(tx, stationId, evseId, profile));
    }
}
