package org.ladewerk.ocpp;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which actions exist per OCPP version and which side initiates them. The sets mirror the
 * schema files shipped in {@code /ocpp-spec/json}; a test keeps the two in sync.
 */
public final class Actions {

    private static final Set<String> V16_STATION = Set.of(
            "Authorize", "BootNotification", "DataTransfer", "DiagnosticsStatusNotification",
            "FirmwareStatusNotification", "Heartbeat", "MeterValues", "StartTransaction",
            "StatusNotification", "StopTransaction",
            // 1.6 Security Whitepaper
            "LogStatusNotification", "SecurityEventNotification", "SignCertificate",
            "SignedFirmwareStatusNotification");

    private static final Set<String> V16_CSMS = Set.of(
            "CancelReservation", "ChangeAvailability", "ChangeConfiguration", "ClearCache",
            "ClearChargingProfile", "DataTransfer", "GetCompositeSchedule", "GetConfiguration",
            "GetDiagnostics", "GetLocalListVersion", "RemoteStartTransaction",
            "RemoteStopTransaction", "ReserveNow", "Reset", "SendLocalList", "SetChargingProfile",
            "TriggerMessage", "UnlockConnector", "UpdateFirmware",
            // 1.6 Security Whitepaper
            "CertificateSigned", "DeleteCertificate", "ExtendedTriggerMessage",
            "GetInstalledCertificateIds", "GetLog", "InstallCertificate", "SignedUpdateFirmware");

    private static final Set<String> V201_STATION = Set.of(
            "Authorize", "BootNotification", "ClearedChargingLimit", "DataTransfer",
            "FirmwareStatusNotification", "Get15118EVCertificate", "GetCertificateStatus",
            "Heartbeat", "LogStatusNotification", "MeterValues", "NotifyChargingLimit",
            "NotifyCustomerInformation", "NotifyDisplayMessages", "NotifyEVChargingNeeds",
            "NotifyEVChargingSchedule", "NotifyEvent", "NotifyMonitoringReport", "NotifyReport",
            "PublishFirmwareStatusNotification", "ReportChargingProfiles",
            "ReservationStatusUpdate", "SecurityEventNotification", "SignCertificate",
            "StatusNotification", "TransactionEvent");

    private static final Set<String> V201_CSMS = Set.of(
            "CancelReservation", "CertificateSigned", "ChangeAvailability", "ClearCache",
            "ClearChargingProfile", "ClearDisplayMessage", "ClearVariableMonitoring",
            "CostUpdated", "CustomerInformation", "DataTransfer", "DeleteCertificate",
            "GetBaseReport", "GetChargingProfiles", "GetCompositeSchedule", "GetDisplayMessages",
            "GetInstalledCertificateIds", "GetLocalListVersion", "GetLog", "GetMonitoringReport",
            "GetReport", "GetTransactionStatus", "GetVariables", "InstallCertificate",
            "PublishFirmware", "RequestStartTransaction", "RequestStopTransaction", "ReserveNow",
            "Reset", "SendLocalList", "SetChargingProfile", "SetDisplayMessage",
            "SetMonitoringBase", "SetMonitoringLevel", "SetNetworkProfile",
            "SetVariableMonitoring", "SetVariables", "TriggerMessage", "UnlockConnector",
            "UnpublishFirmware", "UpdateFirmware");

    /** NotifyPeriodicEventStream is a SEND (type 6): request schema only, never answered. */
    private static final Set<String> V21_STATION = union(V201_STATION, Set.of(
            "BatterySwap", "ClosePeriodicEventStream", "GetCertificateChainStatus",
            "NotifyDERAlarm", "NotifyDERStartStop", "NotifyPeriodicEventStream",
            "NotifyPriorityCharging", "NotifySettlement", "OpenPeriodicEventStream",
            "PullDynamicScheduleUpdate", "ReportDERControl", "VatNumberValidation"));

    private static final Set<String> V21_CSMS = union(V201_CSMS, Set.of(
            "AFRRSignal", "AdjustPeriodicEventStream", "ChangeTransactionTariff",
            "ClearDERControl", "ClearTariffs", "GetDERControl", "GetPeriodicEventStream",
            "GetTariffs", "NotifyAllowedEnergyTransfer", "NotifyWebPaymentStarted",
            "RequestBatterySwap", "SetDERControl", "SetDefaultTariff", "UpdateDynamicSchedule",
            "UsePriorityCharging"));

    private static final Set<String> V21_UNCONFIRMED = Set.of("NotifyPeriodicEventStream");

    private Actions() {
    }

    /** Actions the charging station sends to the CSMS. */
    public static Set<String> stationInitiated(OcppVersion v) {
        return switch (v) {
            case V1_6 -> V16_STATION;
            case V2_0_1 -> V201_STATION;
            case V2_1 -> V21_STATION;
        };
    }

    /** Actions the CSMS sends to the charging station. */
    public static Set<String> csmsInitiated(OcppVersion v) {
        return switch (v) {
            case V1_6 -> V16_CSMS;
            case V2_0_1 -> V201_CSMS;
            case V2_1 -> V21_CSMS;
        };
    }

    /** True when the version defines the action, i.e. a request schema exists for it. */
    public static boolean exists(OcppVersion v, String action) {
        return stationInitiated(v).contains(action) || csmsInitiated(v).contains(action);
    }

    /**
     * Actions sent as SEND (OCPP 2.1 message type 6): they have no response schema and must
     * never be answered.
     */
    public static Set<String> unconfirmed(OcppVersion v) {
        return v == OcppVersion.V2_1 ? V21_UNCONFIRMED : Set.of();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return Stream.concat(a.stream(), b.stream())
                .collect(Collectors.toUnmodifiableSet());
    }
}
