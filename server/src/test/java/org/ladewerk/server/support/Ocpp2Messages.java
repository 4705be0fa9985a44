package org.ladewerk.server.support;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** OCPP 2.0.1 / 2.1 payloads as a station sends them. */
public final class Ocpp2Messages {
    private Ocpp2Messages() {}

    public static Map<String, Object> boot() {
        return Map.of("reason", "PowerUp", "chargingStation", Map.of("vendorName", "Ladewerk", "model", "Two",
                "serialNumber", "SN-2", "firmwareVersion", "2.0.1-fw", "modem", Map.of("iccid", "8949", "imsi", "2620")));
    }

    public static Map<String, Object> idToken(String token) {
        return Map.of("idToken", token, "type", "ISO14443");
    }

    public static Map<String, Object> energy(Instant at, double wh, String context) {
        return Map.of("timestamp", at.toString(), "sampledValue", List.of(
                Map.of("value", wh, "context", context, "measurand", "Energy.Active.Import.Register", "unitOfMeasure", Map.of("unit", "Wh"))));
    }

    /** A TransactionEvent; {@code extra} adds or overrides top-level fields. */
    public static Map<String, Object> event(String type, int seqNo, String txId, String trigger, Instant at, Map<String, Object> extra) {
        var e = new HashMap<String, Object>();
        e.put("eventType", type);
        e.put("seqNo", seqNo);
        e.put("timestamp", at.toString());
        e.put("triggerReason", trigger);
        var info = new HashMap<String, Object>(Map.of("transactionId", txId));
        if (type.equals("Ended")) info.put("stoppedReason", "EVDisconnected");
        e.put("transactionInfo", info);
        e.put("evse", Map.of("id", 1, "connectorId", 1));
        e.putAll(extra);
        return e;
    }
}
