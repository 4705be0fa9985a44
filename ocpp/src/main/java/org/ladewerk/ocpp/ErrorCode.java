package org.ladewerk.ocpp;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** CALLERROR error codes across OCPP versions; the wire spelling differs per version. */
public enum ErrorCode {
    NOT_IMPLEMENTED("NotImplemented"),
    NOT_SUPPORTED("NotSupported"),
    INTERNAL_ERROR("InternalError"),
    PROTOCOL_ERROR("ProtocolError"),
    SECURITY_ERROR("SecurityError"),
    FORMAT_VIOLATION("FormatViolation"),
    PROPERTY_CONSTRAINT_VIOLATION("PropertyConstraintViolation"),
    OCCURRENCE_CONSTRAINT_VIOLATION("OccurrenceConstraintViolation"),
    TYPE_CONSTRAINT_VIOLATION("TypeConstraintViolation"),
    GENERIC_ERROR("GenericError"),
    MESSAGE_TYPE_NOT_SUPPORTED("MessageTypeNotSupported"),
    RPC_FRAMEWORK_ERROR("RpcFrameworkError");

    private static final Map<String, ErrorCode> BY_WIRE = new HashMap<>();

    static {
        for (ErrorCode c : values()) {
            BY_WIRE.put(c.name2x, c);
        }
        // OCPP 1.6 misspellings, as printed in the 1.6 specification.
        BY_WIRE.put("FormationViolation", FORMAT_VIOLATION);
        BY_WIRE.put("OccurenceConstraintViolation", OCCURRENCE_CONSTRAINT_VIOLATION);
    }

    private final String name2x;

    ErrorCode(String name2x) {
        this.name2x = name2x;
    }

    public String wireName(OcppVersion v) {
        if (v != OcppVersion.V1_6) {
            return name2x;
        }
        return switch (this) {
            case FORMAT_VIOLATION, RPC_FRAMEWORK_ERROR -> "FormationViolation";
            case OCCURRENCE_CONSTRAINT_VIOLATION -> "OccurenceConstraintViolation";
            // 1.6 has no MessageTypeNotSupported; ProtocolError is its closest code.
            case MESSAGE_TYPE_NOT_SUPPORTED -> "ProtocolError";
            default -> name2x;
        };
    }

    /** Accepts the spelling of every version. */
    public static Optional<ErrorCode> fromWire(String wire) {
        return Optional.ofNullable(wire).map(BY_WIRE::get);
    }
}
