package org.ladewerk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.TestStation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** POST /api/v1/ChargePoint/{identity}/{Action}: pass-through, error contract, and recorded effects. */
class CommandApiTest extends ServerTest {

    private TestStation answering(String id) {
        return station(id)
                .answer("ChangeConfiguration", p -> Map.of("status", "Accepted"))
                .answer("GetConfiguration", p -> Map.of("configurationKey", List.of(
                        Map.of("key", "HeartbeatInterval", "readonly", false, "value", "300"),
                        Map.of("key", "NumberOfConnectors", "readonly", true, "value", "2")), "unknownKey", List.of("Foo")))
                .answer("ReserveNow", p -> Map.of("status", "Accepted"))
                .answer("CancelReservation", p -> Map.of("status", "Accepted"))
                .answer("SetChargingProfile", p -> Map.of("status", "Accepted"))
                .answer("ClearChargingProfile", p -> Map.of("status", "Accepted"))
                .answer("SendLocalList", p -> Map.of("status", "Accepted"))
                .answer("GetLocalListVersion", p -> Map.of("listVersion", 9))
                .answer("Reset", p -> Json.mapper().createArrayNode().add(4).add("?").add("InternalError").add("relay stuck").add(Json.mapper().createObjectNode()));
    }

    private String command(String id, String action, String payload) {
        return "/api/v1/ChargePoint/" + id + "/" + action;
    }

    @Test
    void answeredCommandsReturnTheStationPayloadAndRecordTheirEffect() {
        String id = unique("cp");
        try (var station = answering(id)) {
            station.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
            var r = api().post(command(id, "GetConfiguration", ""), "{}");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("unknownKey").get(0).asString()).isEqualTo("Foo");
            assertThat(api().post(command(id, "ChangeConfiguration", ""), "{\"key\":\"HeartbeatInterval\",\"value\":\"120\"}").json()
                    .get("status").asString()).isEqualTo("Accepted");
            JsonNode keys = api().get("/api/v1/stations/" + id + "/configuration").json();
            assertThat(keys).extracting(k -> k.get("key").asString() + "=" + k.get("value").asString() + ":" + k.get("readonly").asBoolean())
                    .containsExactly("HeartbeatInterval=120:false", "NumberOfConnectors=2:true");

            String expiry = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
            assertThat(api().post(command(id, "ReserveNow", ""), "{\"connectorId\":1,\"expiryDate\":\"" + expiry
                    + "\",\"idTag\":\"R1\",\"reservationId\":4711}").status()).isEqualTo(200);
            assertThat(api().get("/api/v1/reservations/4711").json().get("status").asString()).isEqualTo("Accepted");
            String otherId = unique("cp");
            try (var other = answering(otherId)) {
                var clash = api().post(command(otherId, "ReserveNow", ""), "{\"connectorId\":1,\"expiryDate\":\"" + expiry
                        + "\",\"idTag\":\"R2\",\"reservationId\":4711}");
                assertThat(clash.status()).isEqualTo(400);
                assertThat(clash.json().get("message").asString()).contains("in use by station " + id);
                assertThat(other.receivedCalls).isEmpty();
            }
            api().post(command(id, "CancelReservation", ""), "{\"reservationId\":4711}");
            assertThat(api().get("/api/v1/reservations/4711").json().get("status").asString()).isEqualTo("Cancelled");

            String profile = "{\"chargingProfileId\":5,\"stackLevel\":1,\"chargingProfilePurpose\":\"TxDefaultProfile\","
                    + "\"chargingProfileKind\":\"Absolute\",\"chargingSchedule\":{\"chargingRateUnit\":\"A\","
                    + "\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":16.0}]}}";
            assertThat(api().post(command(id, "SetChargingProfile", ""), "{\"connectorId\":1,\"csChargingProfiles\":" + profile + "}").status())
                    .isEqualTo(200);
            assertThat(api().get("/api/v1/charging-profiles?stationId=" + id).json()).singleElement()
                    .satisfies(p -> assertThat(p.get("purpose").asString()).isEqualTo("TxDefaultProfile"));
            api().post(command(id, "ClearChargingProfile", ""), "{\"id\":5}");
            assertThat(api().get("/api/v1/charging-profiles?stationId=" + id).json()).isEmpty();

            api().post(command(id, "SendLocalList", ""), "{\"listVersion\":3,\"updateType\":\"Full\",\"localAuthorizationList\":"
                    + "[{\"idTag\":\"L1\",\"idTagInfo\":{\"status\":\"Accepted\"}},{\"idTag\":\"L2\"}]}");
            assertThat(api().get("/api/v1/stations/" + id).json().get("localListVersion").asInt()).isEqualTo(3);
            assertThat(api().get("/api/v1/stations/" + id + "/local-list").json()).hasSize(1);
            api().post(command(id, "GetLocalListVersion", ""), "{}");
            assertThat(api().get("/api/v1/stations/" + id).json().get("localListVersion").asInt()).isEqualTo(9);
        }
    }

    @Test
    void invalidRequestsAre400AndNothingIsSent() {
        String id = unique("cp");
        try (var station = answering(id)) {
            var bad = api().post(command(id, "ChangeConfiguration", ""), "{\"key\":5,\"value\":\"1\"}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("message").asString()).contains("key");
            assertThat(api().post(command(id, "Teleport", ""), "{}").status()).isEqualTo(400);
            assertThat(api().post(command(id, "Heartbeat", ""), "{}").json().get("message").asString()).contains("sent by stations");
            assertThat(api().post(command(id, "Reset", ""), "[1,2]").status()).isEqualTo(400);
            assertThat(api().post(command(id, "Reset", ""), "{not json").status()).isEqualTo(400);
            assertThat(station.receivedCalls).isEmpty();
        }
    }

    @Test
    void unknownOrOfflineStationIs404() {
        assertThat(api().post(command("nobody-here", "Reset", ""), "{\"type\":\"Soft\"}").status()).isEqualTo(404);
    }

    @Test
    void callErrorIs502WithCodeAndDescription() {
        String id = unique("cp");
        try (var station = answering(id)) {
            var r = api().post(command(id, "Reset", ""), "{\"type\":\"Hard\"}");
            // the handler answered with id "?", which is not the call's: the server must not accept it
            assertThat(r.status()).isEqualTo(504);
        }
        String id2 = unique("cp");
        try (var station = station(id2)) {
            station.answer("Reset", p -> {
                ArrayNode last = station.receivedCalls.getLast();
                return Json.mapper().createArrayNode().add(4).add(last.get(1).asString()).add("InternalError")
                        .add("relay stuck").add(Json.mapper().createObjectNode());
            });
            var r = api().post(command(id2, "Reset", ""), "{\"type\":\"Hard\"}");
            assertThat(r.status()).isEqualTo(502);
            assertThat(r.json().get("errorCode").asString()).isEqualTo("InternalError");
            assertThat(r.json().get("errorDescription").asString()).isEqualTo("relay stuck");
            JsonNode logged = api().get("/api/v1/stations/" + id2 + "/commands").json().get(0);
            assertThat(logged.get("action").asString()).isEqualTo("Reset");
            assertThat(logged.get("outcome").asString()).isEqualTo("Failed");
            assertThat(logged.get("errorDescription").asString()).isEqualTo("relay stuck");
        }
    }

    @Test
    void silentStationIs504AndTheNextCommandStillGoesThrough() {
        String id = unique("cp");
        try (var station = station(id)) {
            assertThat(api().post(command(id, "ClearCache", ""), "{}").status()).isEqualTo(504);
            station.answer("ClearCache", p -> Map.of("status", "Accepted"));
            assertThat(api().post(command(id, "ClearCache", ""), "{}").status()).isEqualTo(200);
        }
    }

    @Test
    void commandsToOneStationAreSentOneAtATime() throws Exception {
        String id = unique("cp");
        var release = new CountDownLatch(1);
        try (var station = station(id)) {
            station.answer("UnlockConnector", p -> {
                try {
                    release.await(60, TimeUnit.SECONDS); // released below, however slow the machine
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Map.of("status", "Unlocked");
            });
            station.answer("ClearCache", p -> Map.of("status", "Accepted"));
            var first = CompletableFuture.supplyAsync(() -> api().post(command(id, "UnlockConnector", ""), "{\"connectorId\":1}"));
            await().until(() -> station.receivedCalls.size() == 1);
            var second = CompletableFuture.supplyAsync(() -> api().post(command(id, "ClearCache", ""), "{}"));
            // a second call sent too early arrives within this time on a quiet machine; on a slow one the check
            // may miss such a bug but never fails a correct server
            Thread.sleep(500);
            assertThat(station.receivedCalls).as("second call waits for the first answer").hasSize(1);
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(second.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(station.receivedCalls).extracting(c -> c.get(2).asString()).containsExactly("UnlockConnector", "ClearCache");
        }
    }
}
