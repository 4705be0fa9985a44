package org.ladewerk.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** A complete OCPP 1.6 charging session, as a real station runs it. */
public final class Sessions {
    private Sessions() {}

    public static Map<String, Object> sampled(String value, String measurand, String unit) {
        return Map.of("value", value, "measurand", measurand, "unit", unit, "context", "Sample.Periodic");
    }

    /** Registers the tag, then boot, status, authorize, start, meter values, stop; returns the transaction id. */
    public static int fullSession(TestStation station, Api api, String tag) {
        assertThat(api.put("/api/v1/id-tags/" + tag, "{\"status\":\"Accepted\"}").status()).isIn(200, 201);
        ObjectNode boot = station.call("BootNotification", Map.of("chargePointVendor", "Ladewerk", "chargePointModel", "Test"));
        assertThat(boot.get("status").asString()).isEqualTo("Accepted");
        station.call("StatusNotification", Map.of("connectorId", 1, "errorCode", "NoError", "status", "Preparing"));
        assertThat(station.call("Authorize", Map.of("idTag", tag)).at("/idTagInfo/status").asString()).isEqualTo("Accepted");
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ObjectNode started = station.call("StartTransaction", Map.of("connectorId", 1, "idTag", tag, "meterStart", 1000, "timestamp", start.toString()));
        assertThat(started.at("/idTagInfo/status").asString()).isEqualTo("Accepted");
        int tx = started.get("transactionId").asInt();
        station.call("MeterValues", Map.of("connectorId", 1, "transactionId", tx, "meterValue", List.of(Map.of(
                "timestamp", start.plusSeconds(60).toString(),
                "sampledValue", List.of(sampled("2000", "Energy.Active.Import.Register", "Wh"),
                        sampled("7400", "Power.Active.Import", "W"))))));
        station.call("StopTransaction", Map.of("transactionId", tx, "idTag", tag, "meterStop", 3000,
                "timestamp", start.plusSeconds(120).toString(), "reason", "EVDisconnected",
                "transactionData", List.of(Map.of("timestamp", start.plusSeconds(120).toString(),
                        "sampledValue", List.of(Map.of("value", "3000", "context", "Transaction.End"))))));
        return tx;
    }
}
