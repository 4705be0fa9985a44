package org.ladewerk.simulator.station;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.v16.CancelReservationRequest;
import org.ladewerk.ocpp.v16.CancelReservationResponse;
import org.ladewerk.ocpp.v16.ChangeAvailabilityRequest;
import org.ladewerk.ocpp.v16.ChangeAvailabilityResponse;
import org.ladewerk.ocpp.v16.ChangeConfigurationRequest;
import org.ladewerk.ocpp.v16.ChangeConfigurationResponse;
import org.ladewerk.ocpp.v16.ClearCacheResponse;
import org.ladewerk.ocpp.v16.ClearChargingProfileRequest;
import org.ladewerk.ocpp.v16.ClearChargingProfileResponse;
import org.ladewerk.ocpp.v16.DataTransferRequest;
import org.ladewerk.ocpp.v16.DataTransferResponse;
import org.ladewerk.ocpp.v16.GetCompositeScheduleRequest;
import org.ladewerk.ocpp.v16.GetCompositeScheduleResponse;
import org.ladewerk.ocpp.v16.GetConfigurationRequest;
import org.ladewerk.ocpp.v16.GetConfigurationResponse;
import org.ladewerk.ocpp.v16.GetDiagnosticsRequest;
import org.ladewerk.ocpp.v16.GetDiagnosticsResponse;
import org.ladewerk.ocpp.v16.GetLocalListVersionResponse;
import org.ladewerk.ocpp.v16.KeyValue;
import org.ladewerk.ocpp.v16.RemoteStartTransactionRequest;
import org.ladewerk.ocpp.v16.RemoteStartTransactionResponse;
import org.ladewerk.ocpp.v16.RemoteStopTransactionRequest;
import org.ladewerk.ocpp.v16.RemoteStopTransactionResponse;
import org.ladewerk.ocpp.v16.ReserveNowRequest;
import org.ladewerk.ocpp.v16.ReserveNowResponse;
import org.ladewerk.ocpp.v16.ResetRequest;
import org.ladewerk.ocpp.v16.ResetResponse;
import org.ladewerk.ocpp.v16.SendLocalListRequest;
import org.ladewerk.ocpp.v16.SendLocalListResponse;
import org.ladewerk.ocpp.v16.SetChargingProfileRequest;
import org.ladewerk.ocpp.v16.SetChargingProfileResponse;
import org.ladewerk.ocpp.v16.TriggerMessageRequest;
import org.ladewerk.ocpp.v16.TriggerMessageResponse;
import org.ladewerk.ocpp.v16.UnlockConnectorRequest;
import org.ladewerk.ocpp.v16.UnlockConnectorResponse;
import org.ladewerk.ocpp.v16.UpdateFirmwareRequest;
import org.ladewerk.ocpp.v16.UpdateFirmwareResponse;
import org.ladewerk.simulator.config.ConfigKey;
import org.ladewerk.simulator.config.Configuration.ChangeStatus;
import org.ladewerk.simulator.config.Keys;
import org.ladewerk.simulator.ev.EvCatalog;
import org.ladewerk.simulator.link.CallErrorException;
import org.ladewerk.simulator.link.Reply;
import org.ladewerk.simulator.smartcharging.ChargingProfiles;
import org.ladewerk.simulator.smartcharging.CompositeSchedule;
import org.ladewerk.simulator.smartcharging.Electrical;
import tools.jackson.databind.node.ObjectNode;

/**
 * The station's answers to central-system calls (all 19 of OCPP 1.6 core and its profiles), each
 * with its effect. Effects that would cut the answer off (a reboot) or that the central system
 * should see after the answer (status changes, new transactions) run once the answer is sent.
 * Runs on the station's tasks.
 */
final class Commands {

    private static final Set<String> UPLOAD_SCHEMES = Set.of("ftp", "ftps", "sftp", "http", "https", "file");

    private final ChargePoint cp;

    Commands(ChargePoint cp) {
        this.cp = cp;
    }

    Object handle(String action, ObjectNode payload) {
        return switch (action) {
            case "Reset" -> reset(read(payload, ResetRequest.class));
            case "ChangeAvailability" -> changeAvailability(read(payload, ChangeAvailabilityRequest.class));
            case "UnlockConnector" -> unlock(read(payload, UnlockConnectorRequest.class));
            case "RemoteStartTransaction" -> remoteStart(read(payload, RemoteStartTransactionRequest.class));
            case "RemoteStopTransaction" -> remoteStop(read(payload, RemoteStopTransactionRequest.class));
            case "ReserveNow" -> reserveNow(read(payload, ReserveNowRequest.class));
            case "CancelReservation" -> cancelReservation(read(payload, CancelReservationRequest.class));
            case "TriggerMessage" -> trigger(read(payload, TriggerMessageRequest.class));
            case "GetConfiguration" -> getConfiguration(read(payload, GetConfigurationRequest.class));
            case "ChangeConfiguration" -> changeConfiguration(read(payload, ChangeConfigurationRequest.class));
            case "SendLocalList" -> sendLocalList(read(payload, SendLocalListRequest.class));
            case "GetLocalListVersion" -> new GetLocalListVersionResponse(
                    cp.config.getBool(Keys.LOCAL_AUTH_LIST_ENABLED, true) ? cp.auth.listVersion() : -1);
            case "ClearCache" -> clearCache();
            case "SetChargingProfile" -> setChargingProfile(read(payload, SetChargingProfileRequest.class));
            case "ClearChargingProfile" -> clearChargingProfile(read(payload, ClearChargingProfileRequest.class));
            case "GetCompositeSchedule" -> compositeSchedule(read(payload, GetCompositeScheduleRequest.class));
            case "UpdateFirmware" -> updateFirmware(read(payload, UpdateFirmwareRequest.class));
            case "GetDiagnostics" -> getDiagnostics(read(payload, GetDiagnosticsRequest.class));
            case "DataTransfer" -> dataTransfer(read(payload, DataTransferRequest.class));
            default -> throw new CallErrorException("NotSupported", action + " is not supported by this charge point");
        };
    }

    private static <T> T read(ObjectNode payload, Class<T> type) {
        return Json.mapper().treeToValue(payload, type);
    }

    /** Runs on the station's tasks once the answer is sent. */
    private Runnable after(Runnable effect) {
        return () -> cp.run(effect);
    }

    private Runnable refreshAfter() {
        return after(() -> cp.refresh(cp.now()));
    }

    // --- Core

    private Reply reset(ResetRequest r) {
        return new Reply(new ResetResponse("Accepted"), after(() -> cp.reboot("Hard".equals(r.type()))));
    }

    private Reply changeAvailability(ChangeAvailabilityRequest r) {
        boolean inoperative = "Inoperative".equals(r.type());
        List<Connector> targets;
        if (r.connectorId() == 0) {
            targets = new ArrayList<>(cp.connectors.values());
            cp.stationInoperative = inoperative;
        } else {
            Connector c = cp.connectors.get(r.connectorId());
            if (c == null) return new Reply(new ChangeAvailabilityResponse("Rejected"), null);
            targets = List.of(c);
        }
        boolean scheduled = false;
        for (Connector c : targets) {
            if (!inoperative) {
                c.inoperative = false;
                c.inoperativeScheduled = false;
            } else if (c.charging()) {
                c.inoperativeScheduled = true;
                scheduled = true;
            } else {
                c.inoperative = true;
            }
        }
        Runnable then = after(() -> {
            if (r.connectorId() == 0)
                cp.statusNotification(0, inoperative ? ConnectorStatus.Unavailable : ConnectorStatus.Available, "NoError");
            cp.refresh(cp.now());
        });
        return new Reply(new ChangeAvailabilityResponse(scheduled ? "Scheduled" : "Accepted"), then);
    }

    private Reply unlock(UnlockConnectorRequest r) {
        Connector c = cp.connectors.get(r.connectorId());
        if (c == null) return new Reply(new UnlockConnectorResponse("NotSupported"), null);
        return new Reply(new UnlockConnectorResponse("Unlocked"), after(() -> {
            if (c.charging()) cp.stopSession(c, "UnlockCommand", null);
            // the cable is released: the driver takes the EV away
            cp.unplug(c);
        }));
    }

    private Reply remoteStart(RemoteStartTransactionRequest r) {
        Connector c = r.connectorId() != null ? cp.connectors.get(r.connectorId()) : chooseConnector(r.idTag());
        boolean profileOk = r.chargingProfile() == null || ChargingProfiles.TX.equals(r.chargingProfile().chargingProfilePurpose());
        if (c == null || !profileOk || cp.registrationState() != Registration.Accepted || c.charging() || c.finishing
                || c.faultCode != null || c.inoperative || (c.reservation != null && !c.reservation.idTag().equals(r.idTag())))
            return new Reply(new RemoteStartTransactionResponse("Rejected"), null);
        return new Reply(new RemoteStartTransactionResponse("Accepted"), after(() -> {
            if (c.ev == null) {
                // the driver who asked for the start plugs in
                c.ev = EvCatalog.arrival(cp.random);
                c.lastUpdate = cp.now();
                cp.updateStatus(c);
            }
            if (cp.config.getBool(Keys.AUTHORIZE_REMOTE_TX_REQUESTS, false)) {
                cp.authorize(r.idTag()).whenComplete((info, e) -> cp.run(() -> {
                    if (e == null && "Accepted".equals(info.status())) remoteSession(c, r);
                }));
            } else {
                remoteSession(c, r);
            }
        }));
    }

    private void remoteSession(Connector c, RemoteStartTransactionRequest r) {
        if (c.charging() || c.ev == null || c.faultCode != null) return;
        Session s = cp.startSession(c, r.idTag());
        s.remoteProfile = r.chargingProfile();
    }

    private Connector chooseConnector(String idTag) {
        Connector best = null;
        for (Connector c : cp.connectors.values()) {
            ConnectorStatus s = c.status();
            if (s == ConnectorStatus.Reserved && c.reservation.idTag().equals(idTag)) return c;
            if (s == ConnectorStatus.Preparing) return c;
            if (s == ConnectorStatus.Available && best == null) best = c;
        }
        return best;
    }

    private Reply remoteStop(RemoteStopTransactionRequest r) {
        for (Connector c : cp.connectors.values()) {
            if (c.charging() && r.transactionId().equals(c.session.transactionId))
                return new Reply(new RemoteStopTransactionResponse("Accepted"), after(() -> cp.stopSession(c, "Remote", null)));
        }
        return new Reply(new RemoteStopTransactionResponse("Rejected"), null);
    }

    private Reply trigger(TriggerMessageRequest r) {
        Integer connectorId = r.connectorId();
        if (connectorId != null && connectorId != 0 && !cp.connectors.containsKey(connectorId))
            return new Reply(new TriggerMessageResponse("Rejected"), null);
        List<Connector> targets = connectorId == null || connectorId == 0 ? List.copyOf(cp.connectors.values())
                : List.of(cp.connectors.get(connectorId));
        Runnable effect = switch (r.requestedMessage()) {
            case "BootNotification" -> cp::boot;
            case "DiagnosticsStatusNotification" -> cp::sendDiagnosticsStatus;
            case "FirmwareStatusNotification" -> cp::sendFirmwareStatus;
            case "Heartbeat" -> cp::sendHeartbeat;
            case "MeterValues" -> () -> {
                Instant now = cp.now();
                cp.refresh(now);
                targets.forEach(c -> cp.sendMeterValues(c, now, "Trigger"));
            };
            case "StatusNotification" -> () -> {
                if (connectorId == null || connectorId == 0)
                    cp.statusNotification(0, cp.stationInoperative ? ConnectorStatus.Unavailable : ConnectorStatus.Available, "NoError");
                targets.forEach(c -> cp.statusNotification(c.id, c.status(), c.faultCode == null ? "NoError" : c.faultCode));
            };
            default -> null;
        };
        if (effect == null) return new Reply(new TriggerMessageResponse("NotImplemented"), null);
        return new Reply(new TriggerMessageResponse("Accepted"), after(effect));
    }

    private GetConfigurationResponse getConfiguration(GetConfigurationRequest r) {
        List<ConfigKey> all = cp.config.all();
        var known = new ArrayList<KeyValue>();
        var unknown = new ArrayList<String>();
        if (r.key() == null || r.key().isEmpty()) {
            all.forEach(k -> known.add(new KeyValue(k.key(), k.readonly(), k.value())));
        } else {
            for (String key : r.key()) {
                all.stream().filter(k -> k.key().equals(key)).findFirst()
                        .ifPresentOrElse(k -> known.add(new KeyValue(k.key(), k.readonly(), k.value())), () -> unknown.add(key));
            }
        }
        return new GetConfigurationResponse(known, unknown.isEmpty() ? null : unknown);
    }

    private Reply changeConfiguration(ChangeConfigurationRequest r) {
        ChangeStatus status = cp.config.change(r.key(), r.value());
        Runnable then = status != ChangeStatus.Accepted ? null : switch (r.key()) {
            case Keys.HEARTBEAT_INTERVAL -> after(cp::scheduleHeartbeat);
            case Keys.METER_VALUE_SAMPLE_INTERVAL -> after(cp::scheduleMeterTick);
            default -> null;
        };
        return new Reply(new ChangeConfigurationResponse(status.name()), then);
    }

    // --- Local authorization list

    private SendLocalListResponse sendLocalList(SendLocalListRequest r) {
        if (!cp.config.getBool(Keys.LOCAL_AUTH_LIST_ENABLED, true)) return new SendLocalListResponse("NotSupported");
        int max = cp.config.getInt(Keys.SEND_LOCAL_LIST_MAX_LENGTH, 1000);
        if (r.localAuthorizationList() != null && r.localAuthorizationList().size() > max) return new SendLocalListResponse("Failed");
        var status = cp.auth.update(r.listVersion(), r.updateType(), r.localAuthorizationList(),
                cp.config.getInt(Keys.LOCAL_AUTH_LIST_MAX_LENGTH, 1000));
        return new SendLocalListResponse(status.name());
    }

    private ClearCacheResponse clearCache() {
        if (!cp.config.getBool(Keys.AUTHORIZATION_CACHE_ENABLED, true)) return new ClearCacheResponse("Rejected");
        cp.auth.clearCache();
        return new ClearCacheResponse("Accepted");
    }

    // --- Reservation

    private Reply reserveNow(ReserveNowRequest r) {
        if (r.connectorId() == 0 || !cp.connectors.containsKey(r.connectorId()))
            return new Reply(new ReserveNowResponse("Rejected"), null);
        // a new reservation with a known id replaces the old one
        for (Connector other : cp.connectors.values()) {
            if (other.reservation != null && other.reservation.reservationId() == r.reservationId()) cp.clearReservation(other);
        }
        Connector c = cp.connectors.get(r.connectorId());
        String status;
        if (c.faultCode != null) status = "Faulted";
        else if (c.inoperative) status = "Unavailable";
        else if (c.ev != null || c.charging() || c.finishing || c.reservation != null) status = "Occupied";
        else status = "Accepted";
        if (!status.equals("Accepted")) return new Reply(new ReserveNowResponse(status), refreshAfter());
        c.reservation = new Reservation(r.reservationId(), c.id, r.idTag(), r.parentIdTag(), r.expiryDate());
        Reservation mine = c.reservation;
        c.reservationExpiry = cp.later(Duration.between(cp.now(), r.expiryDate()), () -> {
            if (c.reservation == mine) {
                cp.clearReservation(c);
                cp.refresh(cp.now());
            }
        });
        return new Reply(new ReserveNowResponse("Accepted"), refreshAfter());
    }

    private Reply cancelReservation(CancelReservationRequest r) {
        for (Connector c : cp.connectors.values()) {
            if (c.reservation != null && c.reservation.reservationId() == r.reservationId()) {
                cp.clearReservation(c);
                return new Reply(new CancelReservationResponse("Accepted"), refreshAfter());
            }
        }
        return new Reply(new CancelReservationResponse("Rejected"), null);
    }

    // --- Smart charging

    private Reply setChargingProfile(SetChargingProfileRequest r) {
        Integer tx = null;
        if (r.connectorId() != 0) {
            Connector c = cp.connectors.get(r.connectorId());
            if (c == null) return new Reply(new SetChargingProfileResponse("Rejected"), null);
            tx = c.charging() ? c.session.transactionId : null;
        }
        var status = cp.profiles.set(r.connectorId(), r.csChargingProfiles(), tx);
        return new Reply(new SetChargingProfileResponse(status.name()), status == ChargingProfiles.SetStatus.Accepted ? refreshAfter() : null);
    }

    private Reply clearChargingProfile(ClearChargingProfileRequest r) {
        boolean removed = cp.profiles.clear(r.id(), r.connectorId(), r.chargingProfilePurpose(), r.stackLevel());
        return new Reply(new ClearChargingProfileResponse(removed ? "Accepted" : "Unknown"), removed ? refreshAfter() : null);
    }

    private GetCompositeScheduleResponse compositeSchedule(GetCompositeScheduleRequest r) {
        int id = r.connectorId();
        if (id != 0 && !cp.connectors.containsKey(id)) return new GetCompositeScheduleResponse("Rejected", null, null, null);
        Instant now = cp.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Electrical e;
        double rated;
        CompositeSchedule.TxContext tx;
        if (id == 0) {
            e = Electrical.ac(3);
            rated = cp.connectors.values().stream().mapToDouble(c -> c.ratedW).sum();
            tx = CompositeSchedule.TxContext.none(now);
        } else {
            Connector c = cp.connectors.get(id);
            e = c.supply();
            rated = c.ratedW;
            tx = c.charging() ? new CompositeSchedule.TxContext(c.session.transactionId, c.session.start, now)
                    : CompositeSchedule.TxContext.none(now);
        }
        String unit = r.chargingRateUnit() != null ? r.chargingRateUnit() : e.dc() ? "W" : "A";
        var periods = CompositeSchedule.periods(cp.profiles.all(), id, now, r.duration(), tx, e, rated);
        return new GetCompositeScheduleResponse("Accepted", id, now, CompositeSchedule.toSchedule(periods, now, r.duration(), unit, e));
    }

    // --- Firmware management

    /**
     * Downloads (simulated) at the retrieve date, installs once no transaction runs, reboots and
     * reports Installed with the new version after booting again.
     */
    private Reply updateFirmware(UpdateFirmwareRequest r) {
        Duration wait = r.retrieveDate() == null ? Duration.ZERO : Duration.between(cp.now(), r.retrieveDate());
        return new Reply(new UpdateFirmwareResponse(), () -> cp.later(wait.isNegative() ? Duration.ZERO : wait, () -> {
            cp.firmwareStatus = "Downloading";
            cp.sendFirmwareStatus();
            cp.later(cp.env.maintenanceStep(), () -> {
                if (!supportedLocation(r.location())) {
                    cp.firmwareStatus = "DownloadFailed";
                    cp.sendFirmwareStatus();
                    return;
                }
                cp.firmwareStatus = "Downloaded";
                cp.sendFirmwareStatus();
                installWhenIdle(r.location());
            });
        }));
    }

    private void installWhenIdle(String location) {
        if (cp.connectors.values().stream().anyMatch(Connector::charging)) {
            cp.later(Duration.ofSeconds(5), () -> installWhenIdle(location));
            return;
        }
        cp.firmwareStatus = "Installing";
        cp.sendFirmwareStatus();
        cp.installingVersion = nextVersion(cp.config.get(Keys.CHARGE_POINT_SOFTWARE_VERSION, "1.0.0"));
        cp.later(cp.env.maintenanceStep(), () -> {
            // the station restarts into the new firmware, so its next BootNotification names it
            cp.config.setAndSave(Keys.CHARGE_POINT_SOFTWARE_VERSION, cp.installingVersion);
            cp.powerCycle();
        });
    }

    static String nextVersion(String version) {
        int dot = version.lastIndexOf('.');
        try {
            return version.substring(0, dot + 1) + (Integer.parseInt(version.substring(dot + 1)) + 1);
        } catch (NumberFormatException e) {
            return version + ".1";
        }
    }

    private Reply getDiagnostics(GetDiagnosticsRequest r) {
        String fileName = "diagnostics-" + cp.identity + "-" + cp.now().getEpochSecond() + ".log";
        return new Reply(new GetDiagnosticsResponse(fileName), after(() -> {
            cp.diagnosticsStatus = "Uploading";
            cp.sendDiagnosticsStatus();
            cp.later(cp.env.maintenanceStep(), () -> {
                cp.diagnosticsStatus = supportedLocation(r.location()) ? "Uploaded" : "UploadFailed";
                cp.sendDiagnosticsStatus();
                cp.diagnosticsStatus = "Idle";
            });
        }));
    }

    private static boolean supportedLocation(String location) {
        try {
            URI uri = URI.create(location);
            return uri.getScheme() != null && UPLOAD_SCHEMES.contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // --- DataTransfer

    private DataTransferResponse dataTransfer(DataTransferRequest r) {
        if (!r.vendorId().equalsIgnoreCase(cp.config.get(Keys.CHARGE_POINT_VENDOR, "Ladewerk")))
            return new DataTransferResponse("UnknownVendorId", null);
        return new DataTransferResponse("Accepted", r.data());
    }
}
