package org.ladewerk.server.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ladewerk.server.support.Ocpp2Messages.boot;
import static org.ladewerk.server.support.Ocpp2Messages.event;
import static org.ladewerk.server.support.Ocpp2Messages.idToken;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.TestStation;
import tools.jackson.databind.JsonNode;

/**
 * Whatever the schemas allow in a sampled value is stored and read back unchanged (issue 9): the
 * longest 2.1 measurand, a unit at the schema's maxLength, 2.1 signed meter data at its maxLength,
 * and a 1.6 value far beyond the old 8,000-character column. Each goes through a real WebSocket
 * station, is answered with a CALLRESULT (never "please retry"), and comes back through the REST API.
 */
class MeterSchemaLimitsTest extends ServerTest {

    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void ocpp21SampledValuesAtTheSchemaLimitsAreStored() {
        String id = unique("cp21lim");
        String unit = "u".repeat(20);
        String signedMeterData = "S".repeat(32768);
        String publicKey = "K".repeat(2500);
        var signed = Map.of("signedMeterData", signedMeterData, "signingMethod", "ECDSA-secp256r1-SHA256", "encodingMethod", "OCMF",
                "publicKey", publicKey);
        var meterValue = Map.of("timestamp", t0.plusSeconds(60).toString(), "sampledValue", List.of(
                Map.of("value", 12.5, "measurand", "Energy.Active.Import.LocalGeneration.Register", "unitOfMeasure", Map.of("unit", unit)),
                Map.of("value", 3000, "measurand", "Energy.Active.Import.Register", "signedMeterValue", signed)));
        try (var station = TestStation.connect(URI.create("ws://127.0.0.1:" + port + "/ocpp/" + id), "ocpp2.1", null)) {
            assertThat(station.call("BootNotification", boot()).get("status").asString()).isEqualTo("Accepted");
            station.call("TransactionEvent", event("Started", 0, "tx-lim", "CablePluggedIn", t0, Map.of("idToken", idToken("LIMITS"))));
            assertThat(station.callFrame("TransactionEvent", event("Updated", 1, "tx-lim", "MeterValuePeriodic", t0.plusSeconds(60),
                    Map.of("meterValue", List.of(meterValue)))).get(0).asInt()).as("CALLRESULT").isEqualTo(3);
            assertThat(station.callFrame("MeterValues", Map.of("evseId", 1, "meterValue", List.of(meterValue))).get(0).asInt())
                    .as("CALLRESULT for a MeterValues outside a transaction too").isEqualTo(3);
            assertThat(station.schemaViolations).isEmpty();
        }
        JsonNode samples = transaction(id).get("samples");
        assertThat(samples).hasSize(2);
        assertThat(samples.get(0).get("measurand").asString()).isEqualTo("Energy.Active.Import.LocalGeneration.Register");
        assertThat(samples.get(0).get("unit").asString()).isEqualTo(unit);
        assertThat(samples.get(0).get("value").asString()).isEqualTo("12.5");
        String signedData = samples.get(1).get("signedData").asString();
        assertThat(signedData).contains(signedMeterData, publicKey);
        assertThat(signedData.length()).isGreaterThan(32768 + 2500);
    }

    @Test
    void anOcpp16ValueLongerThan8000CharactersIsStored() {
        String id = unique("cp16lim");
        String value = "OCMF|" + "x".repeat(20_000);
        try (var station = station(id)) {
            station.call("BootNotification", Map.of("chargePointVendor", "Ladewerk", "chargePointModel", "Limits"));
            int tx = station.call("StartTransaction", Map.of("connectorId", 1, "idTag", "LIMITS16", "meterStart", 0,
                    "timestamp", t0.toString())).get("transactionId").asInt();
            assertThat(station.callFrame("MeterValues", Map.of("connectorId", 1, "transactionId", tx, "meterValue", List.of(
                    Map.of("timestamp", t0.plusSeconds(60).toString(), "sampledValue", List.of(
                            Map.of("value", value, "format", "SignedData", "context", "Sample.Periodic"),
                            Map.of("value", "1234", "measurand", "Energy.Active.Import.Register", "unit", "Wh"))))))
                    .get(0).asInt()).as("CALLRESULT").isEqualTo(3);
        }
        JsonNode samples = transaction(id).get("samples");
        assertThat(samples).hasSize(2);
        assertThat(samples.get(0).get("value").asString()).isEqualTo(value);
        assertThat(samples.get(0).get("signed").asBoolean()).isTrue();
        assertThat(samples.get(1).get("value").asString()).isEqualTo("1234");
    }

    private JsonNode transaction(String stationId) {
        JsonNode list = api().get("/api/v1/transactions?stationId=" + stationId).json();
        assertThat(list).hasSize(1);
        return api().get("/api/v1/transactions/" + list.get(0).get("id").asLong()).json();
    }
}
