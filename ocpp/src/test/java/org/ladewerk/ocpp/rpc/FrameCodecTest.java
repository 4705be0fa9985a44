package org.ladewerk.ocpp.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.ladewerk.ocpp.ErrorCode.*;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ladewerk.ocpp.ErrorCode;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.OcppVersion;
import tools.jackson.databind.node.ObjectNode;

class FrameCodecTest {

    private static final String LONG_ID = "x".repeat(37);

    private static FrameCodec codec(OcppVersion v) {
        return new FrameCodec(v, Json.mapper());
    }

    private static FrameException fail(OcppVersion v, String text) {
        return catchThrowableOfType(FrameException.class, () -> codec(v).decode(text));
    }

    /** version, input, code, uniqueId, messageTypeId, answerable, description fragment. */
    static Stream<Arguments> invalidFrames() {
        var v16 = OcppVersion.V1_6;
        var v201 = OcppVersion.V2_0_1;
        var v21 = OcppVersion.V2_1;
        return Stream.of(
                // not JSON / not an array / empty / bad messageTypeId
                Arguments.of(v16, "[2, \"a\", x]", FORMAT_VIOLATION, null, null, true, "message is not valid JSON: "),
                Arguments.of(v201, "[2, \"a\", x]", RPC_FRAMEWORK_ERROR, null, null, true, "at column 10"),
                Arguments.of(v16, "", FORMAT_VIOLATION, null, null, true, "message is empty"),
                Arguments.of(v201, "   ", RPC_FRAMEWORK_ERROR, null, null, true, "message is empty"),
                Arguments.of(v16, "{\"a\":1}", FORMAT_VIOLATION, null, null, true, "must be a JSON array, got object"),
                Arguments.of(v201, "42", RPC_FRAMEWORK_ERROR, null, null, true, "must be a JSON array, got number"),
                Arguments.of(v16, "[]", FORMAT_VIOLATION, null, null, true, "empty array"),
                Arguments.of(v201, "[]", RPC_FRAMEWORK_ERROR, null, null, true, "empty array"),
                Arguments.of(v16, "[\"2\",\"id1\",\"Heartbeat\",{}]", FORMAT_VIOLATION, "id1", null, true,
                        "messageTypeId must be an integer, got string \"2\""),
                Arguments.of(v201, "[\"2\",\"id1\",\"Heartbeat\",{}]", FORMAT_VIOLATION, "id1", null, true,
                        "messageTypeId must be an integer"),
                Arguments.of(v201, "[2.5,3,\"Heartbeat\",{}]", RPC_FRAMEWORK_ERROR, null, null, true,
                        "messageTypeId must be an integer, got number 2.5"),
                Arguments.of(v201, "[2,\"id1\",\"Heartbeat\",{}] [1]", RPC_FRAMEWORK_ERROR, null, null, true,
                        "unexpected content after the JSON message"),
                Arguments.of(v16, "[2,\"id1\",\"Heartbeat\",{}]}", FORMAT_VIOLATION, null, null, true,
                        "Unexpected close marker '}'"),
                // unknown / version-foreign message types
                Arguments.of(v16, "[7,\"id1\",\"Heartbeat\",{}]", PROTOCOL_ERROR, "id1", 7, true,
                        "messageTypeId 7 is not supported by ocpp1.6"),
                Arguments.of(v201, "[7,\"id1\",\"Heartbeat\",{}]", MESSAGE_TYPE_NOT_SUPPORTED, "id1", 7, true,
                        "messageTypeId 7"),
                Arguments.of(v21, "[0,\"id1\"]", MESSAGE_TYPE_NOT_SUPPORTED, "id1", 0, true, "messageTypeId 0"),
                Arguments.of(v16, "[6,\"id1\",\"NotifyPeriodicEventStream\",{}]", PROTOCOL_ERROR, "id1", 6, true,
                        "messageTypeId 6"),
                Arguments.of(v201, "[6,\"id1\",\"NotifyPeriodicEventStream\",{}]", MESSAGE_TYPE_NOT_SUPPORTED, "id1",
                        6, true, "messageTypeId 6"),
                Arguments.of(v16, "[5,\"id1\",\"GenericError\",\"\",{}]", PROTOCOL_ERROR, "id1", 5, true,
                        "messageTypeId 5"),
                Arguments.of(v201, "[5,\"id1\",\"GenericError\",\"\",{}]", MESSAGE_TYPE_NOT_SUPPORTED, "id1", 5,
                        true, "messageTypeId 5"),
                // CALL structure
                Arguments.of(v16, "[2,\"id1\",\"Heartbeat\"]", PROTOCOL_ERROR, "id1", 2, true,
                        "CALL must have 4 elements, got 3"),
                Arguments.of(v201, "[2,\"id1\",\"Heartbeat\",{},{}]", PROTOCOL_ERROR, "id1", 2, true,
                        "CALL must have 4 elements, got 5"),
                Arguments.of(v16, "[2,17,\"Heartbeat\",{}]", FORMAT_VIOLATION, null, 2, true,
                        "uniqueId must be a string of at most 36 characters, got number"),
                Arguments.of(v201, "[2,null,\"Heartbeat\",{}]", FORMAT_VIOLATION, null, 2, true,
                        "uniqueId must be a string of at most 36 characters, got null"),
                Arguments.of(v16, "[2,\"" + LONG_ID + "\",\"Heartbeat\",{}]", FORMAT_VIOLATION, LONG_ID, 2, true,
                        "got 37 characters"),
                Arguments.of(v16, "[2,\"id1\",42,{}]", FORMAT_VIOLATION, "id1", 2, true,
                        "action must be a string, got number"),
                Arguments.of(v201, "[2,\"id1\",\"Heartbeat\",[]]", FORMAT_VIOLATION, "id1", 2, true,
                        "payload must be a JSON object, got array"),
                Arguments.of(v16, "[2,\"id1\",\"Heartbeat\",null]", FORMAT_VIOLATION, "id1", 2, true,
                        "payload must be a JSON object, got null"),
                // SEND structure (2.1): errors are reported but must not be answered
                Arguments.of(v21, "[6,\"id1\",\"NotifyPeriodicEventStream\"]", PROTOCOL_ERROR, "id1", 6, false,
                        "SEND must have 4 elements, got 3"),
                // broken answers: never answerable
                Arguments.of(v16, "[3,\"id1\"]", PROTOCOL_ERROR, "id1", 3, false,
                        "CALLRESULT must have 3 elements, got 2"),
                Arguments.of(v201, "[3,\"id1\",\"ok\"]", FORMAT_VIOLATION, "id1", 3, false,
                        "payload must be a JSON object, got string"),
                Arguments.of(v201, "[3,1,{}]", FORMAT_VIOLATION, null, 3, false, "uniqueId must be a string"),
                Arguments.of(v16, "[4,\"id1\",\"GenericError\"]", PROTOCOL_ERROR, "id1", 4, false,
                        "CALLERROR must have 5 elements, got 3"),
                Arguments.of(v201, "[4,\"id1\",7,\"\",{}]", FORMAT_VIOLATION, "id1", 4, false,
                        "errorCode must be a string, got number"),
                Arguments.of(v16, "[4,\"id1\",\"GenericError\",null,{}]", FORMAT_VIOLATION, "id1", 4, false,
                        "errorDescription must be a string, got null"),
                Arguments.of(v21, "[5,\"id1\",\"GenericError\"]", PROTOCOL_ERROR, "id1", 5, false,
                        "CALLRESULTERROR must have 5 elements, got 3"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("invalidFrames")
    void rejects(OcppVersion v, String text, ErrorCode code, String uniqueId, Integer type, boolean answerable,
            String fragment) {
        FrameException e = fail(v, text);
        assertThat(e).as("decode must fail").isNotNull();
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.uniqueId()).isEqualTo(uniqueId);
        assertThat(e.replyId()).isEqualTo(uniqueId == null ? "-1" : uniqueId);
        assertThat(e.messageTypeId()).isEqualTo(type);
        assertThat(e.answerable()).isEqualTo(answerable);
        assertThat(e.getMessage()).contains(fragment);
    }

    @Test
    void invalidJsonDescriptionNamesProblemAndColumn() {
        FrameException e = fail(OcppVersion.V1_6, "[2,\"a\",\"B\",{x}]");
        assertThat(e.getMessage()).startsWith("message is not valid JSON: Unexpected character").contains("at column 13");
    }

    @Test
    void decodesCall() throws Exception {
        Frame f = codec(OcppVersion.V1_6).decode("[2,\"19223201\",\"BootNotification\",{\"chargePointVendor\":\"VendorX\"}]");
        assertThat(f).isInstanceOfSatisfying(Call.class, c -> {
            assertThat(c.uniqueId()).isEqualTo("19223201");
            assertThat(c.action()).isEqualTo("BootNotification");
            assertThat(c.payload().get("chargePointVendor").stringValue()).isEqualTo("VendorX");
        });
    }

    @Test
    void decodesCallResultAndCallError() throws Exception {
        FrameCodec codec = codec(OcppVersion.V2_0_1);
        assertThat(codec.decode("[3,\"a\",{\"currentTime\":\"2026-11-21T10:00:00Z\"}]"))
                .isInstanceOfSatisfying(CallResult.class, r -> assertThat(r.payload().size()).isEqualTo(1));
        assertThat(codec.decode("[4,\"a\",\"NotImplemented\",\"no\",{\"x\":1}]"))
                .isEqualTo(new CallError("a", "NotImplemented", "no", (ObjectNode) Json.mapper().readTree("{\"x\":1}")));
    }

    @Test
    void callErrorDetailsAreLenient() throws Exception {
        FrameCodec codec = codec(OcppVersion.V1_6);
        for (String text : new String[] {"[4,\"a\",\"GenericError\",\"x\"]", "[4,\"a\",\"GenericError\",\"x\",null]",
                "[4,\"a\",\"GenericError\",\"x\",\"oops\"]"}) {
            assertThat(codec.decode(text)).isInstanceOfSatisfying(CallError.class, e -> {
                assertThat(e.errorCode()).isEqualTo("GenericError");
                assertThat(e.details().isEmpty()).isTrue();
            });
        }
    }

    @Test
    void ocpp21FrameTypes() throws Exception {
        FrameCodec codec = codec(OcppVersion.V2_1);
        assertThat(codec.decode("[6,\"s1\",\"NotifyPeriodicEventStream\",{\"id\":1}]"))
                .isInstanceOfSatisfying(Send.class, s -> assertThat(s.action()).isEqualTo("NotifyPeriodicEventStream"));
        assertThat(codec.decode("[5,\"r1\",\"InternalError\",\"boom\",{}]"))
                .isInstanceOfSatisfying(CallResultError.class, e -> assertThat(e.description()).isEqualTo("boom"));
    }

    @Test
    void roundTripsEveryFrameType() throws Exception {
        FrameCodec codec = codec(OcppVersion.V2_1);
        ObjectNode payload = (ObjectNode) Json.mapper().readTree("{\"a\":[1,2],\"b\":{\"c\":\"d\"}}");
        Frame[] frames = {
                new Call("1", "Heartbeat", payload), new CallResult("2", payload),
                new CallError("3", "GenericError", "desc", payload), new CallResultError("4", "InternalError", "d", null),
                new Send("5", "NotifyPeriodicEventStream", payload)};
        for (Frame f : frames) {
            assertThat(codec.decode(codec.encode(f))).isEqualTo(f);
        }
    }

    @Test
    void encodesCompactArrays() {
        FrameCodec codec = codec(OcppVersion.V1_6);
        assertThat(codec.encode(new Call("abc", "Heartbeat", null))).isEqualTo("[2,\"abc\",\"Heartbeat\",{}]");
        assertThat(codec.encode(new CallResult("abc", null))).isEqualTo("[3,\"abc\",{}]");
    }

    @Test
    void callErrorUsesVersionSpelling() {
        assertThat(codec(OcppVersion.V1_6).callError("abc", FORMAT_VIOLATION, "bad"))
                .isEqualTo("[4,\"abc\",\"FormationViolation\",\"bad\",{}]");
        assertThat(codec(OcppVersion.V2_0_1).callError("-1", OCCURRENCE_CONSTRAINT_VIOLATION, "missing"))
                .isEqualTo("[4,\"-1\",\"OccurrenceConstraintViolation\",\"missing\",{}]");
        assertThat(codec(OcppVersion.V1_6).callError("abc", MESSAGE_TYPE_NOT_SUPPORTED, ""))
                .isEqualTo("[4,\"abc\",\"ProtocolError\",\"\",{}]");
    }

    @Test
    void ocpp21OnlyFramesCannotBeEncodedForOlderVersions() {
        assertThatThrownBy(() -> codec(OcppVersion.V2_0_1).encode(new Send("1", "X", null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec(OcppVersion.V1_6).encode(new CallResultError("1", "GenericError", "", null)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
