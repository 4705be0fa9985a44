package org.ladewerk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.command.CommandService;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.support.RawWebSocket;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.TestStation;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** OCPP-J framing and bad input: each gets the right CALLERROR and the connection stays usable. */
class OcppJTransportTest extends ServerTest {

    @Autowired EventBus events;
    @Autowired CommandService commands;

    private static void assertError(ArrayNode frame, String id, String code, String descriptionPart) {
        assertThat(frame.get(0).asInt()).as("%s", frame).isEqualTo(4);
        assertThat(frame.get(1).asString()).isEqualTo(id);
        assertThat(frame.get(2).asString()).isEqualTo(code);
        assertThat(frame.get(3).asString()).contains(descriptionPart);
    }

    private static void assertStillUsable(TestStation station) {
        assertThat(station.call("Heartbeat", Map.of()).get("currentTime").asString()).isNotBlank();
    }

    @Test
    void negotiatesOcpp16() {
        try (var station = station(unique("cp"))) {
            assertThat(station.subprotocol()).isEqualTo("ocpp1.6");
            assertStillUsable(station);
        }
    }

    @Test
    void malformedJsonIsAFormationViolationAndTheConnectionSurvives() {
        try (var station = station(unique("cp"))) {
            assertError(station.send("[2,\"m1\",\"Heartbeat\",{"), "m1", "FormationViolation", "not valid JSON");
            assertError(station.send("{\"not\":\"an array\"}"), "-1", "FormationViolation", "array");
            assertError(station.send("[2,\"m2\",\"Heartbeat\"]"), "m2", "ProtocolError", "4 elements");
            assertStillUsable(station);
        }
    }

    @Test
    void wrongTypesMissingFieldsAndBadValuesGetTheirOwnCodes() {
        try (var station = station(unique("cp"))) {
            assertError(station.callFrame("StartTransaction", Map.of("connectorId", "one", "idTag", "T", "meterStart", 0,
                    "timestamp", "2026-01-01T00:00:00Z")), "t1", "TypeConstraintViolation", "connectorId");
            assertError(station.callFrame("BootNotification", Map.of("chargePointVendor", "V")), "t2",
                    "OccurenceConstraintViolation", "chargePointModel");
            assertError(station.callFrame("StatusNotification", Map.of("connectorId", 1, "errorCode", "NoError", "status", "Sleeping")),
                    "t3", "PropertyConstraintViolation", "status");
            assertError(station.callFrame("Authorize", Map.of("idTag", "x".repeat(21))), "t4", "PropertyConstraintViolation", "idTag");
            assertError(station.callFrame("Heartbeat", Map.of("extra", 1)), "t5", "FormationViolation", "extra");
            assertStillUsable(station);
        }
    }

    @Test
    void unknownAndWrongDirectionActions() {
        try (var station = station(unique("cp"))) {
            assertError(station.callFrame("Teleport", Map.of()), "t1", "NotImplemented", "Teleport");
            assertError(station.callFrame("Reset", Map.of("type", "Hard")), "t2", "NotSupported", "central system");
            assertStillUsable(station);
        }
    }

    @Test
    void oversizedFrameIsRejectedWithItsIdAndTheConnectionSurvives() {
        try (var station = station(unique("cp"))) {
            String big = "[2,\"big1\",\"DataTransfer\",{\"vendorId\":\"v\",\"data\":\"" + "x".repeat(300_000) + "\"}]";
            assertError(station.send(big), "big1", "FormationViolation", "exceeds the limit");
            assertStillUsable(station);
        }
    }

    @Test
    void messageBeyondTheTransportLimitClosesWith1009() throws Exception {
        try (var station = station(unique("cp"))) {
            // The transport refuses a message beyond 1 MiB (4 x ladewerk.ocpp.max-frame-size, at least 1 MiB).
            // Fragments fill it to exactly that and a last small one crosses it, so the server has read every
            // byte sent when it closes: a socket closed with unread input would reset and lose the close frame.
            String start = "[2,\"huge\",\"DataTransfer\",{\"vendorId\":\"v\",\"data\":\"";
            station.sendPart(start, false);
            String fragment = "x".repeat(64 * 1024);
            int left = (1 << 20) - start.length();
            for (; left > fragment.length(); left -= fragment.length()) station.sendPart(fragment, false);
            station.sendPart("x".repeat(left), false);
            station.sendPart("xx", false);
            assertThat(station.closeCode().get(10, TimeUnit.SECONDS)).isEqualTo(1009);
        }
    }

    @Test
    void fragmentedMessageIsOneCall() {
        try (var station = station(unique("cp"))) {
            station.sendPart("[2,\"frag1\",\"Heart", false);
            station.sendPart("beat\",", false);
            station.sendPart("{}]", true);
            ArrayNode answer = station.next(Duration.ofSeconds(10));
            assertThat(answer.get(0).asInt()).as("%s", answer).isEqualTo(3);
            assertThat(answer.get(1).asString()).isEqualTo("frag1");
            assertStillUsable(station);
        }
    }

    @Test
    void binaryMessageIsAFormatViolationOnceAndTheConnectionSurvives() throws Exception {
        try (var station = station(unique("cp"))) {
            station.sendBinary(new byte[] {1, 2, 3}, false);
            station.sendBinary(new byte[] {4, 5}, true);
            assertError(station.next(Duration.ofSeconds(10)), "-1", "FormationViolation", "binary");
            assertThat(station.poll(Duration.ofMillis(300))).isNull();
            assertStillUsable(station);
        }
    }

    @Test
    void pingIsAnsweredWithItsPayload() throws Exception {
        try (var station = station(unique("cp"))) {
            assertThat(station.ping(new byte[] {7, 8, 9})).isEqualTo(java.nio.ByteBuffer.wrap(new byte[] {7, 8, 9}));
            assertStillUsable(station);
        }
    }

    @Test
    void resultForAnUnknownCallIsIgnoredAndTheConnectionSurvives() throws Exception {
        try (var station = station(unique("cp"))) {
            station.sendOnly("[3,\"never-sent\",{}]");
            station.sendOnly("[4,\"never-sent-either\",\"InternalError\",\"\",{}]");
            assertThat(station.poll(Duration.ofMillis(300))).isNull();
            assertStillUsable(station);
        }
    }

    @Test
    void handshakeWithoutSupportedSubprotocolIsRefusedWith400() {
        var uri = URI.create("ws://127.0.0.1:" + port + "/ocpp/" + unique("cp"));
        assertThatThrownBy(() -> TestStation.connect(uri, "ocpp1.2", null))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(400));
    }

    @Test
    void extraPathSegmentIsTheAccount() {
        String id = unique("cp");
        try (var station = TestStation.connect(URI.create("ws://127.0.0.1:" + port + "/ocpp/" + id + "/fleet-7"), "ocpp1.6", null)) {
            assertStillUsable(station);
            assertThat(api().get("/api/v1/stations/" + id).json().get("account").asString()).isEqualTo("fleet-7");
        }
    }

    @Test
    void reconnectReplacesTheOldConnectionAtOnce() throws Exception {
        String id = unique("cp");
        var first = station(id);
        assertStillUsable(first);
        try (var second = station(id)) {
            assertThat(first.closeCode().get(5, TimeUnit.SECONDS)).isEqualTo(1000);
            assertStillUsable(second);
            assertThat(api().get("/api/v1/stations/" + id).json().get("connected").asBoolean()).isTrue();
        }
    }

    @Test
    void characterSplitAcrossFramesIsJoinedAndInvalidUtf8ClosesWith1007() throws Exception {
        try (var raw = RawWebSocket.connect(port, unique("raw"))) {
            assertThat(raw.handshake()).startsWith("HTTP/1.1 101");
            // "é" is C3 A9: its two bytes arrive in different frames
            byte[] call = "[2,\"u1\",\"DataTransfer\",{\"vendorId\":\"v\",\"data\":\"é\"}]".getBytes(StandardCharsets.UTF_8);
            int split = indexOf(call, (byte) 0xC3) + 1;
            raw.writeFrame(0x1, false, Arrays.copyOfRange(call, 0, split));
            raw.writeFrame(0x0, true, Arrays.copyOfRange(call, split, call.length));
            byte[] answer = raw.readFrame(0x1);
            assertThat(new String(answer, StandardCharsets.UTF_8)).startsWith("[3,\"u1\",");
            raw.writeFrame(0x1, true, new byte[] {'[', '2', ',', (byte) 0xFF, ']'});
            byte[] close = raw.readFrame(0x8);
            assertThat(((close[0] & 0xFF) << 8) | (close[1] & 0xFF)).isEqualTo(1007);
        }
    }

    @Test
    void aCommandSetOffByAStationsCallFollowsTheAnswerToIt() throws Exception {
        String id = unique("cp");
        // as the integrations do: a command sent the moment the boot is stored, before it is answered
        events.addTransactionalListener((tx, e) -> {
            if (e instanceof StationEvent.Booted b && b.stationId().equals(id))
                tx.afterCommit(() -> commands.send(id, "GetConfiguration", JsonNodeFactory.instance.objectNode()));
        });
        try (var station = station(id)) {
            var queuedBefore = new CompletableFuture<ArrayNode>();
            // runs on the station's reading thread: the boot's answer is queued already if it came first
            station.answer("GetConfiguration", request -> {
                try {
                    queuedBefore.complete(station.poll(Duration.ZERO));
                } catch (InterruptedException e) {
                    queuedBefore.completeExceptionally(e);
                }
                return Map.of("configurationKey", List.of());
            });
            station.sendOnly("[2,\"b1\",\"BootNotification\",{\"chargePointVendor\":\"V\",\"chargePointModel\":\"M\"}]");
            ArrayNode before = queuedBefore.get(10, TimeUnit.SECONDS);
            assertThat(before).as("the boot's answer, received before the command").isNotNull();
            assertThat(before.get(1).asString()).isEqualTo("b1");
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) if (bytes[i] == b) return i;
        throw new IllegalArgumentException("not found");
    }
}
