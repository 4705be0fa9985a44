package org.ladewerk.ocpp.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ladewerk.ocpp.ErrorCode;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.OcppVersion;
import tools.jackson.databind.JsonNode;

class OcppSchemasTest {

    private static OcppSchemas schemas;

    @BeforeAll
    static void load() {
        schemas = OcppSchemas.load();
    }

    private static JsonNode json(String singleQuoted) {
        return Json.mapper().readTree(singleQuoted.replace('\'', '"'));
    }

    private static Optional<Violation> v16(String action, String payload) {
        return schemas.validateRequest(OcppVersion.V1_6, action, json(payload));
    }

    private static Optional<Violation> v201(String action, String payload) {
        return schemas.validateRequest(OcppVersion.V2_0_1, action, json(payload));
    }

    private static final String START_16 = "{'connectorId':1,'idTag':'TAG1','meterStart':0,'timestamp':'%s'}";
    private static final String BOOT_201 = "{'reason':'PowerUp','chargingStation':{'model':'M1','vendorName':%s}}";

    @Test
    void validPayloadsPass() {
        assertThat(v16("StartTransaction", START_16.formatted("2026-11-21T10:00:00Z"))).isEmpty();
        assertThat(v16("StartTransaction", START_16.formatted("2026-11-21T11:00:00.123+01:00"))).isEmpty();
        assertThat(v201("BootNotification", BOOT_201.formatted("'V'"))).isEmpty();
        assertThat(schemas.validateResponse(OcppVersion.V2_1, "Heartbeat", json("{'currentTime':'2026-11-21T10:00:00Z'}")))
                .isEmpty();
        assertThat(schemas.validateRequest(OcppVersion.V2_1, "NotifyPeriodicEventStream",
                json("{'id':1,'pending':0,'basetime':'2026-11-21T10:00:00Z','data':[{'t':0,'v':'1'}]}"))).isEmpty();
    }

    @Test
    void missingRequiredField() {
        assertThat(v16("BootNotification", "{'chargePointVendor':'V'}")).contains(new Violation(
                ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION, "$: required property 'chargePointModel' not found"));
        assertThat(v201("BootNotification", "{'reason':'PowerUp'}")).get()
                .satisfies(v -> assertThat(v.code()).isEqualTo(ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION))
                .satisfies(v -> assertThat(v.description()).contains("chargingStation"));
    }

    @Test
    void wrongType() {
        assertThat(v16("StartTransaction", "{'connectorId':'1','idTag':'T','meterStart':0,'timestamp':'2026-11-21T10:00:00Z'}"))
                .contains(new Violation(ErrorCode.TYPE_CONSTRAINT_VIOLATION, "$.connectorId: string found, integer expected"));
        // nested and resolved through a $ref in a 2.x schema with a urn: $id
        assertThat(v201("BootNotification", BOOT_201.formatted("42"))).contains(new Violation(
                ErrorCode.TYPE_CONSTRAINT_VIOLATION, "$.chargingStation.vendorName: integer found, string expected"));
    }

    @Test
    void badEnumValue() {
        assertThat(v16("StatusNotification", "{'connectorId':1,'errorCode':'Broken','status':'Available'}")).get()
                .satisfies(v -> assertThat(v.code()).isEqualTo(ErrorCode.PROPERTY_CONSTRAINT_VIOLATION))
                .satisfies(v -> assertThat(v.description()).startsWith("$.errorCode: "));
        assertThat(v201("BootNotification", "{'reason':'Whim','chargingStation':{'model':'M','vendorName':'V'}}"))
                .get().extracting(Violation::code).isEqualTo(ErrorCode.PROPERTY_CONSTRAINT_VIOLATION);
    }

    @Test
    void tooLongString() {
        assertThat(v16("Authorize", "{'idTag':'123456789012345678901'}")).contains(
                new Violation(ErrorCode.PROPERTY_CONSTRAINT_VIOLATION, "$.idTag: must be at most 20 characters long"));
    }

    @Test
    void additionalProperty() {
        assertThat(v16("Authorize", "{'idTag':'T','color':'red'}")).get()
                .satisfies(v -> assertThat(v.code()).isEqualTo(ErrorCode.FORMAT_VIOLATION))
                .satisfies(v -> assertThat(v.description()).startsWith("$: ").contains("'color'"));
    }

    @Test
    void emptyArrayViolatesMinItems() {
        assertThat(v16("MeterValues", "{'connectorId':1,'meterValue':[]}")).get()
                .extracting(Violation::code).isEqualTo(ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION);
    }

    @ParameterizedTest
    @EnumSource(OcppVersion.class)
    void dateTimeFormatIsAsserted(OcppVersion v) {
        String payload = "{'currentTime':'yesterday'}";
        assertThat(schemas.validateResponse(v, "Heartbeat", json(payload))).get()
                .satisfies(x -> assertThat(x.code()).isEqualTo(ErrorCode.PROPERTY_CONSTRAINT_VIOLATION))
                .satisfies(x -> assertThat(x.description()).startsWith("$.currentTime: "));
        assertThat(schemas.validateResponse(v, "Heartbeat", json("{'currentTime':'2026-11-21T10:00:00Z'}"))).isEmpty();
    }

    @Test
    void atMostThreeErrorsAreReported() {
        Optional<Violation> v = v16("StartTransaction", "{'connectorId':'a','idTag':1,'meterStart':'b','timestamp':2}");
        assertThat(v).get().extracting(Violation::code).isEqualTo(ErrorCode.TYPE_CONSTRAINT_VIOLATION);
        assertThat(v.get().description().split("; ")).hasSize(3);
    }

    @Test
    void unknownAction() {
        assertThat(v16("TransactionEvent", "{}"))
                .contains(new Violation(ErrorCode.NOT_IMPLEMENTED, "unknown action TransactionEvent"));
        assertThat(schemas.validateResponse(OcppVersion.V2_0_1, "StartTransaction", json("{}")))
                .contains(new Violation(ErrorCode.NOT_IMPLEMENTED, "unknown action StartTransaction"));
        assertThat(schemas.validateResponse(OcppVersion.V2_1, "NotifyPeriodicEventStream", json("{}")))
                .get().extracting(Violation::code).isEqualTo(ErrorCode.NOT_IMPLEMENTED);
    }

    @Test
    void keywordMapping() {
        assertThat(OcppSchemas.code("type")).isEqualTo(ErrorCode.TYPE_CONSTRAINT_VIOLATION);
        for (String k : new String[] {"required", "minItems", "maxItems"}) {
            assertThat(OcppSchemas.code(k)).isEqualTo(ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION);
        }
        assertThat(OcppSchemas.code("additionalProperties")).isEqualTo(ErrorCode.FORMAT_VIOLATION);
        for (String k : new String[] {"enum", "maxLength", "minLength", "format", "minimum", "maximum", "pattern",
                "multipleOf", "exclusiveMinimum", "exclusiveMaximum", "anyOf", null}) {
            assertThat(OcppSchemas.code(k)).isEqualTo(ErrorCode.PROPERTY_CONSTRAINT_VIOLATION);
        }
    }

    @Test
    void freshInstanceValidatesConcurrently() {
        OcppSchemas fresh = OcppSchemas.load();
        JsonNode good = json(START_16.formatted("2026-11-21T10:00:00Z"));
        JsonNode bad = json(START_16.formatted("soon"));
        long failures = java.util.stream.IntStream.range(0, 20_000).parallel()
                .filter(i -> fresh.validateRequest(OcppVersion.V1_6, "StartTransaction", i % 2 == 0 ? good : bad)
                        .isPresent() != (i % 2 == 1))
                .count();
        assertThat(failures).isZero();
    }

    @Test
    void anIncomingCallIsCheckedForActionDirectionAndPayloadAlike() {
        var payload = Json.mapper().createObjectNode();
        assertThat(schemas.checkIncomingCall(OcppVersion.V1_6, true, "Fly", payload))
                .contains(new Violation(ErrorCode.NOT_IMPLEMENTED, "unknown action 'Fly' in OCPP 1.6"));
        assertThat(schemas.checkIncomingCall(OcppVersion.V1_6, true, "Reset", payload).map(Violation::code)).contains(ErrorCode.NOT_SUPPORTED);
        assertThat(schemas.checkIncomingCall(OcppVersion.V1_6, false, "Heartbeat", payload).map(Violation::code)).contains(ErrorCode.NOT_SUPPORTED);
        assertThat(schemas.checkIncomingCall(OcppVersion.V1_6, true, "Heartbeat", payload)).isEmpty();
        assertThat(schemas.checkIncomingCall(OcppVersion.V1_6, false, "Reset", payload).map(Violation::code))
                .contains(ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION);
    }
}
