package org.ladewerk.server.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.soap.SoapJson;
import org.ladewerk.ocpp.soap.SoapVersion;
import org.ladewerk.server.command.CommandService;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.support.Api;
import org.ladewerk.server.support.ServerTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Every central-system-initiated operation of OCPP 1.5 and 1.6 sent through
 * {@code POST /api/v1/ChargePoint/{id}/{Action}} reaches a SOAP station (hosting its
 * ChargePointService with CXF from the official WSDL) and its answer comes back; effects are
 * recorded as for OCPP-J. The station's answers are written as JSON and turned into the JAXB
 * responses of its version.
 */
class SoapCommandTest extends ServerTest {

    @Autowired EventBus events;
    @Autowired CommandService commands;

    private final int reservation = 20_000 + ThreadLocalRandom.current().nextInt(1_000_000);

    /** OCPP 1.6 JSON requests, in the order they are sent (effects build on each other). */
    private Map<String, String> commands() {
        var c = new LinkedHashMap<String, String>();
        c.put("GetConfiguration", "{\"key\":[\"HeartbeatInterval\",\"Foo\"]}");
        c.put("ChangeConfiguration", "{\"key\":\"HeartbeatInterval\",\"value\":\"120\"}");
        c.put("ReserveNow", "{\"connectorId\":1,\"expiryDate\":\"2030-11-20T11:00:00Z\",\"idTag\":\"TAG1\",\"reservationId\":" + reservation + "}");
        c.put("CancelReservation", "{\"reservationId\":" + reservation + "}");
        c.put("SetChargingProfile", "{\"connectorId\":1,\"csChargingProfiles\":{\"chargingProfileId\":5,\"stackLevel\":1,"
                + "\"chargingProfilePurpose\":\"TxDefaultProfile\",\"chargingProfileKind\":\"Absolute\",\"chargingSchedule\":"
                + "{\"chargingRateUnit\":\"A\",\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":16.0}]}}}");
        c.put("GetCompositeSchedule", "{\"connectorId\":1,\"duration\":3600,\"chargingRateUnit\":\"A\"}");
        c.put("ClearChargingProfile", "{\"id\":5}");
        c.put("SendLocalList", "{\"listVersion\":3,\"updateType\":\"Full\",\"localAuthorizationList\":"
                + "[{\"idTag\":\"L1\",\"idTagInfo\":{\"status\":\"Accepted\"}},{\"idTag\":\"L2\"}]}");
        c.put("GetLocalListVersion", "{}");
        c.put("ChangeAvailability", "{\"connectorId\":1,\"type\":\"Inoperative\"}");
        c.put("ClearCache", "{}");
        c.put("DataTransfer", "{\"vendorId\":\"Ladewerk\",\"messageId\":\"ping\",\"data\":\"x\"}");
        c.put("GetDiagnostics", "{\"location\":\"ftp://example.org/diag\",\"retries\":2}");
        c.put("RemoteStartTransaction", "{\"connectorId\":1,\"idTag\":\"TAG1\"}");
        c.put("RemoteStopTransaction", "{\"transactionId\":42}");
        c.put("Reset", "{\"type\":\"Soft\"}");
        c.put("TriggerMessage", "{\"requestedMessage\":\"StatusNotification\",\"connectorId\":1}");
        c.put("UnlockConnector", "{\"connectorId\":1}");
        c.put("UpdateFirmware", "{\"location\":\"https://example.org/fw.bin\",\"retrieveDate\":\"2026-11-20T10:00:00Z\"}");
        return c;
    }

    /** What the 1.6 station answers (also what the API must return). */
    private static final Map<String, String> ANSWERS_16 = Map.ofEntries(
            Map.entry("CancelReservation", "{\"status\":\"Accepted\"}"),
            Map.entry("ChangeAvailability", "{\"status\":\"Scheduled\"}"),
            Map.entry("ChangeConfiguration", "{\"status\":\"Accepted\"}"),
            Map.entry("ClearCache", "{\"status\":\"Accepted\"}"),
            Map.entry("ClearChargingProfile", "{\"status\":\"Accepted\"}"),
            Map.entry("DataTransfer", "{\"status\":\"Accepted\",\"data\":\"pong\"}"),
            Map.entry("GetCompositeSchedule", "{\"status\":\"Accepted\",\"connectorId\":1,\"scheduleStart\":\"2026-11-20T10:00:00Z\","
                    + "\"chargingSchedule\":{\"duration\":3600,\"chargingRateUnit\":\"A\",\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":16.0}]}}"),
            Map.entry("GetConfiguration", "{\"configurationKey\":[{\"key\":\"HeartbeatInterval\",\"readonly\":false,\"value\":\"300\"},"
                    + "{\"key\":\"NumberOfConnectors\",\"readonly\":true,\"value\":\"2\"}],\"unknownKey\":[\"Foo\"]}"),
            Map.entry("GetDiagnostics", "{\"fileName\":\"diag.zip\"}"),
            Map.entry("GetLocalListVersion", "{\"listVersion\":9}"),
            Map.entry("RemoteStartTransaction", "{\"status\":\"Accepted\"}"),
            Map.entry("RemoteStopTransaction", "{\"status\":\"Accepted\"}"),
            Map.entry("ReserveNow", "{\"status\":\"Accepted\"}"),
            Map.entry("Reset", "{\"status\":\"Accepted\"}"),
            Map.entry("SendLocalList", "{\"status\":\"Accepted\"}"),
            Map.entry("SetChargingProfile", "{\"status\":\"Accepted\"}"),
            Map.entry("TriggerMessage", "{\"status\":\"Accepted\"}"),
            Map.entry("UnlockConnector", "{\"status\":\"Unlocked\"}"),
            Map.entry("UpdateFirmware", "{}"));

    /** What the 1.5 station answers, in 1.5 shape. */
    private static final Map<String, String> ANSWERS_15 = Map.ofEntries(
            Map.entry("CancelReservation", "{\"status\":\"Accepted\"}"),
            Map.entry("ChangeAvailability", "{\"status\":\"Accepted\"}"),
            Map.entry("ChangeConfiguration", "{\"status\":\"Accepted\"}"),
            Map.entry("ClearCache", "{\"status\":\"Rejected\"}"),
            Map.entry("DataTransfer", "{\"status\":\"Accepted\",\"data\":\"pong\"}"),
            Map.entry("GetConfiguration", ANSWERS_16.get("GetConfiguration")),
            Map.entry("GetDiagnostics", "{\"fileName\":\"diag.zip\"}"),
            Map.entry("GetLocalListVersion", "{\"listVersion\":9}"),
            Map.entry("RemoteStartTransaction", "{\"status\":\"Accepted\"}"),
            Map.entry("RemoteStopTransaction", "{\"status\":\"Rejected\"}"),
            Map.entry("ReserveNow", "{\"status\":\"Accepted\"}"),
            Map.entry("Reset", "{\"status\":\"Accepted\"}"),
            Map.entry("SendLocalList", "{\"status\":\"Accepted\",\"hash\":\"abc\"}"),
            Map.entry("UnlockConnector", "{\"status\":\"Accepted\"}"),
            Map.entry("UpdateFirmware", "{}"));

    /** 1.5 answers as the API returns them, where the 1.6 shape differs. */
    private static final Map<String, String> API_15 = Map.of(
            "SendLocalList", "{\"status\":\"Accepted\"}",
            "UnlockConnector", "{\"status\":\"Unlocked\"}");

    private SoapStation station(SoapVersion version, String id, Map<String, String> answers) {
        var station = SoapStation.start(version, "http://127.0.0.1:" + port + "/ocpp/soap", id);
        answers.forEach((action, json) -> {
            Class<?> type = version.chargePointOperation(action).orElseThrow().responseType();
            station.answer(action, request -> SoapJson.fromJson(Json.mapper().readTree(json), type));
        });
        return station;
    }

    private static void heartbeat(SoapStation station) {
        if (station.version() == SoapVersion.V1_5) station.call("Heartbeat", new org.ladewerk.ocpp.soap.v15.cs.HeartbeatRequest());
        else station.call("Heartbeat", new org.ladewerk.ocpp.soap.v16.cs.HeartbeatRequest());
    }

    private Api.Response command(String id, String action, String payload) {
        return api().post("/api/v1/ChargePoint/" + id + "/" + action, payload);
    }

    @Test
    void everyV16OperationReachesTheSoapStationAndItsAnswerComesBack() {
        String id = unique("cp16");
        try (var station = station(SoapVersion.V1_6, id, ANSWERS_16)) {
            heartbeat(station);
            for (var c : commands().entrySet()) {
                var r = command(id, c.getKey(), c.getValue());
                assertThat(r.status()).as(c.getKey() + ": " + r.body()).isEqualTo(200);
                assertThat(r.json()).as(c.getKey()).isEqualTo(Json.mapper().readTree(ANSWERS_16.get(c.getKey())));
                var got = station.received.getLast();
                assertThat(got.action()).isEqualTo(c.getKey());
                assertThat(got.chargeBoxIdentity()).isEqualTo(id);
                assertThat(got.messageId()).as("WS-Addressing MessageID").isNotBlank();
                assertThat(got.to()).as("WS-Addressing To").isEqualTo(station.address());
                assertThat(SoapJson.toJson(got.request())).as(c.getKey() + " as the station received it")
                        .isEqualTo(Json.mapper().readTree(c.getValue()));
                effects(id, c.getKey());
            }
            assertThat(station.received).extracting(SoapStation.Received::action)
                    .containsExactlyInAnyOrderElementsOf(SoapVersion.V1_6.chargePointActions());
            assertThat(station.received).hasSize(19);
            assertThat(api().get("/api/v1/stations/" + id + "/commands").json()).hasSize(19)
                    .allSatisfy(c -> assertThat(c.get("outcome").asString()).isEqualTo("Answered"));
        }
    }

    /** The recorded effects after each command, as {@code CommandApiTest} checks them for OCPP-J. */
    private void effects(String id, String action) {
        switch (action) {
            case "GetConfiguration" -> assertThat(keys(id)).containsExactly("HeartbeatInterval=300:false", "NumberOfConnectors=2:true");
            case "ChangeConfiguration" -> assertThat(keys(id)).containsExactly("HeartbeatInterval=120:false", "NumberOfConnectors=2:true");
            case "ReserveNow" -> assertThat(api().get("/api/v1/reservations/" + reservation).json().get("status").asString()).isEqualTo("Accepted");
            case "CancelReservation" -> assertThat(api().get("/api/v1/reservations/" + reservation).json().get("status").asString()).isEqualTo("Cancelled");
            case "SetChargingProfile" -> assertThat(api().get("/api/v1/charging-profiles?stationId=" + id).json()).singleElement()
                    .satisfies(p -> assertThat(p.get("purpose").asString()).isEqualTo("TxDefaultProfile"));
            case "ClearChargingProfile" -> assertThat(api().get("/api/v1/charging-profiles?stationId=" + id).json()).isEmpty();
            case "SendLocalList" -> {
                assertThat(api().get("/api/v1/stations/" + id).json().get("localListVersion").asInt()).isEqualTo(3);
                assertThat(api().get("/api/v1/stations/" + id + "/local-list").json()).hasSize(1);
            }
            case "GetLocalListVersion" -> assertThat(api().get("/api/v1/stations/" + id).json().get("localListVersion").asInt()).isEqualTo(9);
            default -> { }
        }
    }

    private java.util.List<String> keys(String id) {
        JsonNode keys = api().get("/api/v1/stations/" + id + "/configuration").json();
        var result = new java.util.ArrayList<String>();
        keys.forEach(k -> result.add(k.get("key").asString() + "=" + k.get("value").asString() + ":" + k.get("readonly").asBoolean()));
        return result;
    }

    @Test
    void everyV15OperationReachesTheSoapStationAndTheOthersAre400() {
        String id = unique("cp15");
        try (var station = station(SoapVersion.V1_5, id, ANSWERS_15)) {
            heartbeat(station);
            int sent = 0;
            for (var c : commands().entrySet()) {
                String action = c.getKey();
                var r = command(id, action, c.getValue());
                if (SoapVersion.V1_5.chargePointOperation(action).isEmpty()) {
                    assertThat(r.status()).as(action).isEqualTo(400);
                    assertThat(r.json().get("message").asString()).contains(action, "OCPP 1.5");
                    continue;
                }
                sent++;
                assertThat(r.status()).as(action + ": " + r.body()).isEqualTo(200);
                String expected = API_15.getOrDefault(action, ANSWERS_15.get(action));
                assertThat(r.json()).as(action).isEqualTo(Json.mapper().readTree(expected));
                assertThat(station.received.getLast().action()).isEqualTo(action);
                assertThat(station.received.getLast().chargeBoxIdentity()).isEqualTo(id);
            }
            assertThat(sent).isEqualTo(15);
            assertThat(station.received).extracting(SoapStation.Received::action)
                    .containsExactlyInAnyOrderElementsOf(SoapVersion.V1_5.chargePointActions());
            var list = (org.ladewerk.ocpp.soap.v15.cp.SendLocalListRequest) station.received.stream()
                    .filter(r -> r.action().equals("SendLocalList")).findFirst().orElseThrow().request();
            assertThat(list.getLocalAuthorisationList()).extracting(org.ladewerk.ocpp.soap.v15.cp.AuthorisationData::getIdTag)
                    .containsExactly("L1", "L2");
            assertThat(keys(id)).containsExactly("HeartbeatInterval=120:false", "NumberOfConnectors=2:true");
            assertThat(api().get("/api/v1/stations/" + id).json().get("localListVersion").asInt()).isEqualTo(9);

            var withProfile = command(id, "RemoteStartTransaction", "{\"idTag\":\"T\",\"chargingProfile\":{\"chargingProfileId\":1,"
                    + "\"stackLevel\":0,\"chargingProfilePurpose\":\"TxProfile\",\"chargingProfileKind\":\"Relative\",\"chargingSchedule\":"
                    + "{\"chargingRateUnit\":\"A\",\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":10.0}]}}}");
            assertThat(withProfile.status()).isEqualTo(400);
            assertThat(withProfile.json().get("message").asString()).contains("charging profiles");
            assertThat(station.received).hasSize(15);
        }
    }

    @Test
    void securityExtensionOperationsAreNotSentToA16SoapStation() {
        String id = unique("cp16");
        try (var station = station(SoapVersion.V1_6, id, ANSWERS_16)) {
            heartbeat(station);
            var r = command(id, "ExtendedTriggerMessage", "{\"requestedMessage\":\"Heartbeat\"}");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("message").asString()).contains("SOAP");
            assertThat(station.received).isEmpty();
        }
    }

    @Test
    void aSoapFaultIs502WithItsReasonAndSilenceIs504() {
        String id = unique("cp16");
        try (var station = station(SoapVersion.V1_6, id, Map.of())) {
            heartbeat(station);
            station.answer("Reset", request -> {
                throw new IllegalStateException("relay stuck");
            });
            var failed = command(id, "Reset", "{\"type\":\"Hard\"}");
            assertThat(failed.status()).isEqualTo(502);
            assertThat(failed.json().get("errorDescription").asString()).contains("relay stuck");
            assertThat(api().get("/api/v1/stations/" + id + "/commands").json().get(0).get("outcome").asString()).isEqualTo("Failed");

            station.answer("ClearCache", request -> {
                try {
                    Thread.sleep(3_000); // longer than the test's response timeout of 2 s
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new org.ladewerk.ocpp.soap.v16.cp.ClearCacheResponse();
            });
            assertThat(command(id, "ClearCache", "{}").status()).isEqualTo(504);
            station.answer("ClearCache", request -> SoapJson.fromJson(Json.mapper().readTree("{\"status\":\"Accepted\"}"),
                    org.ladewerk.ocpp.soap.v16.cp.ClearCacheResponse.class));
            assertThat(command(id, "ClearCache", "{}").status()).as("the next command goes through").isEqualTo(200);
        }
    }

    @Test
    void anUnreachableStationEndpointIs502WithTheReason() {
        String id = unique("cp16");
        var station = station(SoapVersion.V1_6, id, ANSWERS_16);
        heartbeat(station);
        station.close(); // the station's ChargePointService is gone, it is still online for a while
        var r = command(id, "Reset", "{\"type\":\"Soft\"}");
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.json().get("errorDescription").asString()).contains("could not reach", station.address());
    }

    @Test
    void aCommandSetOffByAStationsCallWaitsUntilThatCallIsAnswered() throws Exception {
        String id = unique("soap16");
        var arrived = new CountDownLatch(1);
        var arrivedBeforeTheAnswer = new CompletableFuture<Boolean>();
        // as the integrations do: a command sent the moment the boot is stored; the boot's answer is then
        // held until the command reaches the station or two seconds pass
        events.addTransactionalListener((tx, e) -> {
            if (e instanceof StationEvent.Booted b && b.stationId().equals(id)) tx.afterCommit(() -> {
                commands.send(id, "GetConfiguration", Json.mapper().createObjectNode());
                try {
                    arrivedBeforeTheAnswer.complete(arrived.await(2, TimeUnit.SECONDS));
                } catch (InterruptedException ie) {
                    arrivedBeforeTheAnswer.completeExceptionally(ie);
                }
            });
        });
        try (var station = station(SoapVersion.V1_6, id, Map.of())) {
            station.answer("GetConfiguration", request -> {
                arrived.countDown();
                return SoapJson.fromJson(Json.mapper().readTree(ANSWERS_16.get("GetConfiguration")),
                        org.ladewerk.ocpp.soap.v16.cp.GetConfigurationResponse.class);
            });
            var boot = new org.ladewerk.ocpp.soap.v16.cs.BootNotificationRequest();
            boot.setChargePointVendor("V");
            boot.setChargePointModel("M");
            station.call("BootNotification", boot);
            assertThat(arrivedBeforeTheAnswer.get(10, TimeUnit.SECONDS)).as("command arrived before the boot was answered").isFalse();
            assertThat(arrived.await(10, TimeUnit.SECONDS)).as("command arrived after the answer").isTrue();
        }
    }
}
