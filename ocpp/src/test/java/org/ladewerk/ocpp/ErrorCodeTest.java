package org.ladewerk.ocpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ladewerk.ocpp.ErrorCode.*;

import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void ocpp16SpellingsAndFallbacks() {
        OcppVersion v = OcppVersion.V1_6;
        assertThat(FORMAT_VIOLATION.wireName(v)).isEqualTo("FormationViolation");
        assertThat(OCCURRENCE_CONSTRAINT_VIOLATION.wireName(v)).isEqualTo("OccurenceConstraintViolation");
        assertThat(MESSAGE_TYPE_NOT_SUPPORTED.wireName(v)).isEqualTo("ProtocolError");
        assertThat(RPC_FRAMEWORK_ERROR.wireName(v)).isEqualTo("FormationViolation");
        assertThat(TYPE_CONSTRAINT_VIOLATION.wireName(v)).isEqualTo("TypeConstraintViolation");
        assertThat(NOT_IMPLEMENTED.wireName(v)).isEqualTo("NotImplemented");
    }

    @Test
    void ocpp2Spellings() {
        for (OcppVersion v : new OcppVersion[] {OcppVersion.V2_0_1, OcppVersion.V2_1}) {
            assertThat(FORMAT_VIOLATION.wireName(v)).isEqualTo("FormatViolation");
            assertThat(OCCURRENCE_CONSTRAINT_VIOLATION.wireName(v)).isEqualTo("OccurrenceConstraintViolation");
            assertThat(MESSAGE_TYPE_NOT_SUPPORTED.wireName(v)).isEqualTo("MessageTypeNotSupported");
            assertThat(RPC_FRAMEWORK_ERROR.wireName(v)).isEqualTo("RpcFrameworkError");
            assertThat(PROPERTY_CONSTRAINT_VIOLATION.wireName(v)).isEqualTo("PropertyConstraintViolation");
            assertThat(GENERIC_ERROR.wireName(v)).isEqualTo("GenericError");
        }
    }

    @Test
    void fromWireAcceptsEverySpelling() {
        for (OcppVersion v : OcppVersion.values()) {
            for (ErrorCode c : values()) {
                ErrorCode back = fromWire(c.wireName(v)).orElseThrow();
                // 1.6 folds two 2.x-only codes into existing ones; everything else must round-trip.
                if (v != OcppVersion.V1_6 || (c != MESSAGE_TYPE_NOT_SUPPORTED && c != RPC_FRAMEWORK_ERROR)) {
                    assertThat(back).as("%s in %s", c, v).isEqualTo(c);
                }
            }
        }
        assertThat(fromWire("FormationViolation")).contains(FORMAT_VIOLATION);
        assertThat(fromWire("OccurenceConstraintViolation")).contains(OCCURRENCE_CONSTRAINT_VIOLATION);
        assertThat(fromWire("OccurrenceConstraintViolation")).contains(OCCURRENCE_CONSTRAINT_VIOLATION);
        assertThat(fromWire("NoSuchError")).isEmpty();
        assertThat(fromWire(null)).isEmpty();
    }
}
