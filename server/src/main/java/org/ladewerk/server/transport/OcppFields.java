package org.ladewerk.server.transport;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.ladewerk.ocpp.ErrorCode;
import tools.jackson.databind.JsonNode;

/** Fields of a schema-valid OCPP-J payload, read the same way for every version. */
public final class OcppFields {
    private OcppFields() {}

    /** The field's text, null when it is absent or null. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    /** The field's text, {@code absent} when it is absent or null (the version's default). */
    public static String text(JsonNode node, String field, String absent) {
        String v = text(node, field);
        return v == null ? absent : v;
    }

    /**
     * An OCPP date-time (RFC 3339, any offset), null when absent. The schemas already check the
     * format; one that passes them and still cannot be read is refused as a definite error, which
     * the station does not retry forever.
     */
    public static Instant instant(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null) return null;
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new OcppCallException(ErrorCode.PROPERTY_CONSTRAINT_VIOLATION, field + " is not a date-time: " + v);
        }
    }
}
