package org.ladewerk.server.ocpp16;

import java.util.List;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.OcppVersion;
import org.ladewerk.ocpp.v16.ChangeConfigurationRequest;
import org.ladewerk.ocpp.v16.ChargingProfile;
import org.ladewerk.ocpp.v16.ClearChargingProfileRequest;
import org.ladewerk.ocpp.v16.DataTransferRequest;
import org.ladewerk.ocpp.v16.GetConfigurationResponse;
import org.ladewerk.ocpp.v16.ReserveNowRequest;
import org.ladewerk.ocpp.v16.SendLocalListRequest;
import org.ladewerk.ocpp.v16.SetChargingProfileRequest;
import org.ladewerk.server.command.CommandEffects;
import org.ladewerk.server.configuration.ConfigurationService;
import org.ladewerk.server.configuration.ConfigurationService.ConfigurationKey;
import org.ladewerk.server.configuration.ConfigurationService.LocalListEntry;
import org.ladewerk.server.datatransfer.DataTransferService;
import org.ladewerk.server.reservation.ReservationService;
import org.ladewerk.server.smartcharging.ChargingProfileService;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** What an answered OCPP 1.6 command changed: configuration, reservations, profiles, local list. */
@Component
public class Ocpp16CommandEffects implements CommandEffects {

    private static final ObjectMapper JSON = Json.mapper();

    private final ConfigurationService configuration;
    private final ReservationService reservations;
    private final ChargingProfileService profiles;
    private final DataTransferService dataTransfers;

    public Ocpp16CommandEffects(ConfigurationService configuration, ReservationService reservations,
                                ChargingProfileService profiles, DataTransferService dataTransfers) {
        this.configuration = configuration;
        this.reservations = reservations;
        this.profiles = profiles;
        this.dataTransfers = dataTransfers;
    }

    @Override
    public OcppVersion version() {
        return OcppVersion.V1_6;
    }

    @Override
    public String precondition(String stationId, String action, ObjectNode request) {
        if (!"ReserveNow".equals(action)) return null;
        int id = request.get("reservationId").asInt();
        String holder = reservations.heldElsewhere(id, stationId);
        return holder == null ? null : "reservation id " + id + " is in use by station " + holder;
    }

    @Override
    public void record(Tx tx, String stationId, String action, ObjectNode request, ObjectNode response) {
        String status = response.path("status").asString(null);
        boolean accepted = "Accepted".equals(status);
        switch (action) {
            case "ChangeConfiguration" -> {
                if (accepted || "RebootRequired".equals(status)) {
                    var r = JSON.treeToValue(request, ChangeConfigurationRequest.class);
                    configuration.saveKeys(tx, stationId, List.of(new ConfigurationKey(r.key(), r.value(), null, null)));
                }
            }
            case "GetConfiguration" -> {
                var r = JSON.treeToValue(response, GetConfigurationResponse.class);
                if (r.configurationKey() != null)
                    configuration.saveKeys(tx, stationId, r.configurationKey().stream()
                            .map(k -> new ConfigurationKey(k.key(), k.value(), k.readonly(), null)).toList());
            }
            case "ReserveNow" -> {
                var r = JSON.treeToValue(request, ReserveNowRequest.class);
                reservations.reserved(tx, stationId, r.reservationId(), r.connectorId(), r.idTag(), r.parentIdTag(), r.expiryDate(), status);
            }
            case "CancelReservation" -> {
                if (accepted) reservations.cancelled(tx, stationId, request.path("reservationId").asInt());
            }
            case "SetChargingProfile" -> {
                if (accepted) {
                    var r = JSON.treeToValue(request, SetChargingProfileRequest.class);
                    ChargingProfile p = r.csChargingProfiles();
                    profiles.installed(tx, new ChargingProfileService.ChargingProfile(stationId, p.chargingProfileId(), r.connectorId(),
                            p.stackLevel(), p.chargingProfilePurpose(), p.chargingProfileKind(),
                            p.transactionId() == null ? null : p.transactionId().longValue(), p.validFrom(), p.validTo(),
                            request.path("csChargingProfiles").toString(), null));
                }
            }
            case "ClearChargingProfile" -> {
                if (accepted) {
                    var r = JSON.treeToValue(request, ClearChargingProfileRequest.class);
                    profiles.cleared(tx, stationId, new ChargingProfileService.ClearCriteria(r.id(), r.connectorId(),
                            r.chargingProfilePurpose(), r.stackLevel()));
                }
            }
            case "SendLocalList" -> {
                if (accepted) {
                    var r = JSON.treeToValue(request, SendLocalListRequest.class);
                    var entries = r.localAuthorizationList() == null ? List.<LocalListEntry>of() : r.localAuthorizationList().stream()
                            .map(e -> new LocalListEntry(e.idTag(), e.idTagInfo() == null ? null : JSON.writeValueAsString(e.idTagInfo())))
                            .toList();
                    configuration.localListUpdated(tx, stationId, r.listVersion(), "Full".equals(r.updateType()), entries);
                }
            }
            case "GetLocalListVersion" -> configuration.localListVersion(tx, stationId, response.path("listVersion").asInt());
            case "DataTransfer" -> {
                var r = JSON.treeToValue(request, DataTransferRequest.class);
                dataTransfers.record(tx, stationId, "out", r.vendorId(), r.messageId(), r.data(), status,
                        response.path("data").asString(null));
            }
            default -> {
                // The other commands act on the station; their effect arrives as its own messages
                // (StatusNotification, StartTransaction, ...). The command log keeps the call itself.
            }
        }
    }
}
