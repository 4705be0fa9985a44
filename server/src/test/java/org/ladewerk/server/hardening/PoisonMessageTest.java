package org.ladewerk.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.ladewerk.server.transaction.MeterValueCodec;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.Ocpp2Messages;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.TestStation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.node.ArrayNode;

/**
 * Schema-valid messages that once took the system down or were answered InternalError forever: each
 * now gets a definite answer (stored, or a CALLERROR the station will not retry), other stations keep
 * working and health stays truthful. Frames are sent raw, as a station would.
 */
@TestPropertySource(properties = "ladewerk.ocpp.max-frame-size=2000000")
class PoisonMessageTest extends ServerTest {

    private final String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

    @Autowired
    JdbcTemplate jdbc;

    private TestStation station(String id, String subprotocol) {
        return TestStation.connect(URI.create("ws://127.0.0.1:" + port + "/ocpp/" + id), subprotocol, null);
    }

    private static void assertCallError(ArrayNode frame, String code) {
        assertThat(frame.get(0).asInt()).as(frame.toString()).isEqualTo(4);
        assertThat(frame.get(2).asString()).as(frame.toString()).isEqualTo(code);
    }

    private String meterValues(String multiplier) {
        return "[2,\"mv-" + multiplier + "\",\"MeterValues\",{\"evseId\":1,\"meterValue\":[{\"timestamp\":\"" + now
                + "\",\"sampledValue\":[{\"value\":12.5,\"measurand\":\"Energy.Active.Import.Register\","
                + "\"unitOfMeasure\":{\"unit\":\"kWh\",\"multiplier\":" + multiplier + "}}]}]}]";
    }

    @Test
    void absurdUnitMultipliersAreRefusedDefinitelyAndHurtNobody() {
        String poisoned = unique("cp-mult");
        String other = unique("cp-other");
        try (var station = station(poisoned, "ocpp2.0.1"); var bystander = station(other, "ocpp2.0.1")) {
            assertThat(station.call("BootNotification", Ocpp2Messages.boot()).get("status").asString()).isEqualTo("Accepted");
            for (String multiplier : List.of("300000000", "10000", "-300000000", "2147483648")) {
                assertCallError(station.send(meterValues(multiplier)), "PropertyConstraintViolation");
                assertThat(bystander.call("Heartbeat", Map.of()).has("currentTime")).isTrue();
            }
            // a sensible multiplier is still applied, and the connection survived its neighbours' refusals
            assertThat(station.send(meterValues("3")).get(0).asInt()).isEqualTo(3);
            assertThat(storedValue(poisoned))
                    .isEqualTo("12500");
        }
        assertThat(api().get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
        assertThat(api().get("/api/v1/stations/" + other).status()).isEqualTo(200);
    }

    @Test
    void hugeExponentsAreStoredWithoutBuildingHugeStrings() {
        String id = unique("cp-exp");
        try (var station = station(id, "ocpp2.1")) {
            String frame = "[2,\"e1\",\"MeterValues\",{\"evseId\":1,\"meterValue\":[{\"timestamp\":\"" + now
                    + "\",\"sampledValue\":[{\"value\":1.5e300,\"unitOfMeasure\":{\"multiplier\":18}}]}]}]";
            assertThat(station.send(frame).get(0).asInt()).isEqualTo(3);
            assertThat(storedValue(id))
                    .isEqualTo("1.5E+318");
        }
    }

    @Test
    void dataTransferLargerThanTheOldColumnIsStored() {
        String id = unique("cp-dt");
        String data = "x".repeat(150_000);
        try (var station = station(id, "ocpp1.6")) {
            var answer = station.call("DataTransfer", Map.of("vendorId", "acme", "data", data));
            assertThat(answer.get("status").asString()).isEqualTo("Accepted");
        }
        assertThat(jdbc.queryForObject("SELECT LENGTH(data) FROM data_transfer WHERE station_id = ?", Integer.class, id)).isEqualTo(150_000);
    }

    @Test
    void whatCannotBeStoredGetsADefiniteErrorOnceAndTheStationGoesOn() {
        String id = unique("cp-big");
        try (var station = station(id, "ocpp1.6")) {
            // wider than any column may be: the frame limit was raised past what the database keeps
            String frame = "[2,\"big-1\",\"DataTransfer\",{\"vendorId\":\"acme\",\"data\":\"" + "y".repeat(1_200_000) + "\"}]";
            assertCallError(station.send(frame), "PropertyConstraintViolation");
            assertThat(station.call("Heartbeat", Map.of()).has("currentTime")).isTrue();
        }
    }

    @Test
    void numbersBeyond32BitAreStoredOrRefusedDefinitely() {
        String id = unique("cp-wide");
        try (var station = station(id, "ocpp1.6")) {
            var start = station.send("[2,\"s1\",\"StartTransaction\",{\"connectorId\":1,\"idTag\":\"WIDE\",\"meterStart\":2147483648,"
                    + "\"timestamp\":\"" + now + "\"}]");
            assertThat(start.get(0).asInt()).as(start.toString()).isEqualTo(3);
            assertThat(jdbc.queryForObject("SELECT meter_start_wh FROM charging_transaction WHERE station_id = ?", Long.class, id))
                    .isEqualTo(2147483648L);
            assertCallError(station.send("[2,\"s2\",\"StatusNotification\",{\"connectorId\":2147483648,\"errorCode\":\"NoError\","
                    + "\"status\":\"Available\"}]"), "PropertyConstraintViolation");
            String sample = "\"meterValue\":[{\"timestamp\":\"" + now + "\",\"sampledValue\":[{\"value\":\"1\"}]}]";
            assertCallError(station.send("[2,\"s4\",\"MeterValues\",{\"connectorId\":2147483648," + sample + "}]"), "PropertyConstraintViolation");
            assertCallError(station.send("[2,\"s5\",\"MeterValues\",{\"connectorId\":1,\"transactionId\":2147483648," + sample + "}]"),
                    "PropertyConstraintViolation");
            assertThat(station.call("Heartbeat", Map.of()).has("currentTime")).isTrue();
        }
        try (var station = station(unique("cp-wide2"), "ocpp2.0.1")) {
            assertCallError(station.send("[2,\"s3\",\"StatusNotification\",{\"timestamp\":\"" + now + "\",\"connectorStatus\":\"Available\","
                    + "\"evseId\":2147483648,\"connectorId\":1}]"), "PropertyConstraintViolation");
        }
    }

    @Test
    void ocpp21IdTokensOf255CharactersAreStored() {
        String id = unique("cp-tok");
        String token = "T".repeat(255);
        try (var station = station(id, "ocpp2.1")) {
            var started = station.call("TransactionEvent", Ocpp2Messages.event("Started", 0, "tx-long", "Authorized",
                    Instant.parse(now), Map.of("idToken", Ocpp2Messages.idToken(token))));
            assertThat(started.has("idTokenInfo")).isTrue();
        }
        assertThat(jdbc.queryForObject("SELECT id_tag FROM charging_transaction WHERE station_id = ?", String.class, id)).isEqualTo(token);
    }

    /** The value of the one sampled value a station sent, as stored. */
    private String storedValue(String stationId) {
        String encoded = jdbc.queryForObject("SELECT samples FROM meter_value WHERE station_id = ?", String.class, stationId);
        return MeterValueCodec.decode(Instant.EPOCH, encoded).getFirst().value();
    }
}
