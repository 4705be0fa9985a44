package org.ladewerk.server.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ladewerk.ocpp.soap.SoapVersion;
import org.ladewerk.ocpp.soap.v16.cp.ResetResponse;
import org.ladewerk.ocpp.soap.v16.cp.ResetStatus;
import org.ladewerk.server.support.ServerTest;
import tools.jackson.databind.JsonNode;

/** A station moves from OCPP-J to SOAP and back: each link replaces the other, and its data stays. */
class SoapJsonMoveTest extends ServerTest {

    @Test
    void aStationMovesFromJsonToSoapAndBackAndKeepsItsData() throws Exception {
        String id = unique("move");
        String tag = unique("M", 12);
        api().put("/api/v1/id-tags/" + tag, "{\"status\":\"Accepted\"}");
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(300);

        var json = station(id);
        json.call("BootNotification", Map.of("chargePointVendor", "Ladewerk", "chargePointModel", "Both"));
        int tx = json.call("StartTransaction", Map.of("connectorId", 1, "idTag", tag, "meterStart", 100,
                "timestamp", start.toString())).get("transactionId").asInt();
        assertThat(station(id, "transport")).isEqualTo("json");

        try (var soap = SoapStation.start(SoapVersion.V1_6, "http://127.0.0.1:" + port + "/ocpp/soap", id)) {
            soap.answer("Reset", r -> {
                var answer = new ResetResponse();
                answer.setStatus(ResetStatus.ACCEPTED);
                return answer;
            });
            var stop = new org.ladewerk.ocpp.soap.v16.cs.StopTransactionRequest();
            stop.setTransactionId(tx);
            stop.setMeterStop(900);
            stop.setTimestamp(SoapSessionTest.xml(start.plusSeconds(60)));
            soap.call("StopTransaction", stop);
            assertThat(json.closeCode().get(5, TimeUnit.SECONDS)).as("the OCPP-J link is closed when SOAP takes over").isEqualTo(1000);
            assertThat(station(id, "transport")).isEqualTo("soap");
            assertThat(station(id, "endpointAddress")).isEqualTo(soap.address());
            assertThat(api().get("/api/v1/stations/" + id).json().get("connected").asBoolean()).isTrue();
            JsonNode t = api().get("/api/v1/transactions/" + tx).json();
            assertThat(t.get("open").asBoolean()).as("started over JSON, stopped over SOAP").isFalse();
            assertThat(t.get("energyWh").asLong()).isEqualTo(800);

            assertThat(api().post("/api/v1/ChargePoint/" + id + "/Reset", "{\"type\":\"Soft\"}").json().get("status").asString()).isEqualTo("Accepted");
            assertThat(soap.received).extracting(SoapStation.Received::action).containsExactly("Reset");

            try (var back = station(id)) {
                back.answer("Reset", p -> Map.of("status", "Rejected"));
                back.call("Heartbeat", Map.of());
                assertThat(station(id, "transport")).isEqualTo("json");
                assertThat(api().get("/api/v1/stations/" + id).json().get("endpointAddress").isNull()).isTrue();
                assertThat(api().post("/api/v1/ChargePoint/" + id + "/Reset", "{\"type\":\"Soft\"}").json().get("status").asString())
                        .as("commands follow the station to its new link").isEqualTo("Rejected");
                assertThat(soap.received).hasSize(1);
                assertThat(api().get("/api/v1/stations/" + id).json().get("model").asString()).isEqualTo("Both");
                assertThat(api().get("/api/v1/transactions?stationId=" + id).json()).hasSize(1);
            }
        }
    }

    private String station(String id, String field) {
        return api().get("/api/v1/stations/" + id).json().get(field).asString();
    }
}
