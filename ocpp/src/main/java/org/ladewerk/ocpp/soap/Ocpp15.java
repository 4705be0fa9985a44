package org.ladewerk.ocpp.soap;

import java.util.Map;
import java.util.Set;
import org.ladewerk.ocpp.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OCPP 1.5 messages rewritten to and from the OCPP 1.6 JSON shape, so that one 1.6 mapping serves
 * both versions. Works on the JSON form that {@link SoapJson} makes of the 1.5 JAXB classes.
 *
 * <p>Where 1.5 and 1.6 differ:
 * <ul>
 * <li>MeterValues: 1.5 {@code values[].value[]} (value text with attributes) is 1.6
 *     {@code meterValue[].sampledValue[]}; StopTransaction {@code transactionData[].values[]} is 1.6
 *     {@code transactionData[]}. Units {@code Amp} and {@code Volt} are 1.6 {@code A} and {@code V}.</li>
 * <li>BootNotification.conf: 1.5 {@code heartbeatInterval} is 1.6 {@code interval}, and 1.5 has no
 *     Pending: a station the central system would keep Pending is answered Rejected, so it boots
 *     again after the interval, and is Accepted once an operator accepts it.</li>
 * <li>StatusNotification: 1.5 status {@code Occupied} and error code {@code Mode3Error} have no 1.6
 *     equivalent and are kept as they are (the domain stores what the station said).</li>
 * <li>UnlockConnector.conf: 1.5 {@code Accepted}/{@code Rejected} are 1.6 {@code Unlocked}/{@code UnlockFailed}.</li>
 * <li>SendLocalList: 1.5 spells {@code localAuthorisationList} and has an optional {@code hash};
 *     its {@code HashError} status is 1.6 {@code Failed}.</li>
 * <li>1.5 has no ClearChargingProfile, GetCompositeSchedule, SetChargingProfile, TriggerMessage,
 *     and no charging profile in RemoteStartTransaction: see {@link #unsupported}.</li>
 * </ul>
 * The reverse direction (1.6 to 1.5) is what a 1.5 station does; it maps values 1.5 lacks to the
 * nearest 1.5 value and drops meter samples that 1.5 cannot express.
 */
public final class Ocpp15 {

    private static final Set<String> V15_MEASURANDS = Set.of(
            "Energy.Active.Export.Register", "Energy.Active.Import.Register", "Energy.Reactive.Export.Register",
            "Energy.Reactive.Import.Register", "Energy.Active.Export.Interval", "Energy.Active.Import.Interval",
            "Energy.Reactive.Export.Interval", "Energy.Reactive.Import.Interval", "Power.Active.Export",
            "Power.Active.Import", "Power.Reactive.Export", "Power.Reactive.Import", "Current.Export",
            "Current.Import", "Voltage", "Temperature");
    private static final Set<String> V15_CONTEXTS = Set.of("Interruption.Begin", "Interruption.End", "Sample.Clock",
            "Sample.Periodic", "Transaction.Begin", "Transaction.End");
    private static final Set<String> V15_LOCATIONS = Set.of("Inlet", "Outlet", "Body");
    private static final Map<String, String> UNIT_TO_16 = Map.of("Amp", "A", "Volt", "V");
    private static final Map<String, String> UNIT_TO_15 = Map.of("A", "Amp", "V", "Volt");
    private static final Set<String> V15_UNITS = Set.of("Wh", "kWh", "varh", "kvarh", "W", "kW", "var", "kvar", "Amp", "Volt", "Celsius");
    private static final Set<String> V15_ERROR_CODES = Set.of("ConnectorLockFailure", "HighTemperature", "Mode3Error",
            "NoError", "PowerMeterFailure", "PowerSwitchFailure", "ReaderFailure", "ResetFailure", "GroundFailure",
            "OverCurrentFailure", "UnderVoltage", "WeakSignal", "OtherError");
    private static final Set<String> V15_FIRMWARE_STATUS = Set.of("Downloaded", "DownloadFailed", "InstallationFailed", "Installed");
    private static final Set<String> V15_DIAGNOSTICS_STATUS = Set.of("Uploaded", "UploadFailed");

    private Ocpp15() {
    }

    /**
     * Why a 1.6 central-system call cannot be sent to a 1.5 station, or null when it can.
     * {@code request} is the 1.6 JSON payload.
     */
    public static String unsupported(String action, JsonNode request) {
        if (SoapVersion.V1_5.chargePointOperation(action).isEmpty()) return action + " does not exist in OCPP 1.5";
        if ("RemoteStartTransaction".equals(action) && request.has("chargingProfile"))
            return "OCPP 1.5 has no charging profiles: RemoteStartTransaction cannot carry chargingProfile";
        return null;
    }

    /** A 1.5 message (JSON form of the 1.5 JAXB class) in the 1.6 JSON shape. */
    public static ObjectNode toV16(String action, boolean request, ObjectNode message) {
        ObjectNode m = message.deepCopy();
        switch (action + (request ? ".req" : ".conf")) {
            case "MeterValues.req" -> {
                ArrayNode values = (ArrayNode) m.remove("values");
                if (values != null) m.set("meterValue", meterValuesToV16(values));
            }
            case "StopTransaction.req" -> {
                ArrayNode data = (ArrayNode) m.remove("transactionData");
                if (data != null) {
                    ArrayNode flat = m.arrayNode();
                    for (JsonNode d : data) {
                        if (d.has("values")) flat.addAll(meterValuesToV16((ArrayNode) d.get("values")));
                    }
                    if (!flat.isEmpty()) m.set("transactionData", flat);
                }
            }
            case "BootNotification.conf" -> rename(m, "heartbeatInterval", "interval");
            case "UnlockConnector.conf" -> m.put("status", "Accepted".equals(m.path("status").asString()) ? "Unlocked" : "UnlockFailed");
            case "SendLocalList.req" -> {
                rename(m, "localAuthorisationList", "localAuthorizationList");
                m.remove("hash");
            }
            case "SendLocalList.conf" -> {
                m.remove("hash");
                if ("HashError".equals(m.path("status").asString())) m.put("status", "Failed");
            }
            default -> { }
        }
        return m;
    }

    /**
     * A 1.6 JSON message in the shape of the 1.5 JAXB class, or null when a station-initiated message
     * has nothing to say in 1.5 (a firmware or diagnostics status that 1.5 does not have).
     */
    public static ObjectNode fromV16(String action, boolean request, ObjectNode message) {
        ObjectNode m = message.deepCopy();
        switch (action + (request ? ".req" : ".conf")) {
            case "MeterValues.req" -> {
                ArrayNode values = (ArrayNode) m.remove("meterValue");
                if (values != null) {
                    ArrayNode v15 = meterValuesToV15(values);
                    if (!v15.isEmpty()) m.set("values", v15);
                }
            }
            case "StopTransaction.req" -> {
                m.remove("reason");
                ArrayNode data = (ArrayNode) m.remove("transactionData");
                if (data != null) {
                    ArrayNode v15 = meterValuesToV15(data);
                    if (!v15.isEmpty()) m.set("transactionData", m.arrayNode().add(m.objectNode().set("values", v15)));
                }
            }
            case "StatusNotification.req" -> {
                String status = m.path("status").asString();
                if (Set.of("Preparing", "Charging", "SuspendedEV", "SuspendedEVSE", "Finishing").contains(status))
                    m.put("status", "Occupied");
                String error = m.path("errorCode").asString();
                if (!V15_ERROR_CODES.contains(error)) m.put("errorCode", "EVCommunicationError".equals(error) ? "Mode3Error" : "OtherError");
            }
            case "FirmwareStatusNotification.req" -> {
                if (!V15_FIRMWARE_STATUS.contains(m.path("status").asString())) return null;
            }
            case "DiagnosticsStatusNotification.req" -> {
                if (!V15_DIAGNOSTICS_STATUS.contains(m.path("status").asString())) return null;
            }
            case "BootNotification.conf" -> {
                rename(m, "interval", "heartbeatInterval");
                if ("Pending".equals(m.path("status").asString())) m.put("status", "Rejected");
            }
            case "UnlockConnector.conf" -> m.put("status", "Unlocked".equals(m.path("status").asString()) ? "Accepted" : "Rejected");
            case "ChangeConfiguration.conf" -> {
                if ("RebootRequired".equals(m.path("status").asString())) m.put("status", "Accepted");
            }
            case "SendLocalList.req" -> rename(m, "localAuthorizationList", "localAuthorisationList");
            case "RemoteStartTransaction.req" -> m.remove("chargingProfile");
            default -> { }
        }
        return m;
    }

    private static ArrayNode meterValuesToV16(ArrayNode values) {
        ArrayNode result = Json.mapper().createArrayNode();
        for (JsonNode mv : values) {
            ObjectNode out = result.addObject();
            out.set("timestamp", mv.get("timestamp"));
            ArrayNode sampled = out.putArray("sampledValue");
            for (JsonNode v : mv.path("value")) {
                ObjectNode s = ((ObjectNode) v).deepCopy();
                if (!s.has("value")) s.put("value", "");
                String unit = s.path("unit").asString(null);
                if (unit != null && UNIT_TO_16.containsKey(unit)) s.put("unit", UNIT_TO_16.get(unit));
                sampled.add(s);
            }
        }
        return result;
    }

    private static ArrayNode meterValuesToV15(ArrayNode meterValues) {
        ArrayNode result = Json.mapper().createArrayNode();
        for (JsonNode mv : meterValues) {
            ArrayNode values = Json.mapper().createArrayNode();
            for (JsonNode sv : mv.path("sampledValue")) {
                ObjectNode v = ((ObjectNode) sv).deepCopy();
                v.remove("phase");
                String unit = v.path("unit").asString(null);
                if (unit != null) {
                    unit = UNIT_TO_15.getOrDefault(unit, unit);
                    if (!V15_UNITS.contains(unit)) continue;
                    v.put("unit", unit);
                }
                if (v.has("measurand") && !V15_MEASURANDS.contains(v.get("measurand").asString())) continue;
                if (v.has("location") && !V15_LOCATIONS.contains(v.get("location").asString())) v.remove("location");
                if (v.has("context") && !V15_CONTEXTS.contains(v.get("context").asString())) v.remove("context");
                values.add(v);
            }
            if (values.isEmpty()) continue;
            ObjectNode out = result.addObject();
            out.set("timestamp", mv.get("timestamp"));
            out.set("value", values);
        }
        return result;
    }

    private static void rename(ObjectNode m, String from, String to) {
        JsonNode v = m.remove(from);
        if (v != null) m.set(to, v);
    }
}
