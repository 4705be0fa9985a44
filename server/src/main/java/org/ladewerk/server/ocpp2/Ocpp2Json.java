package org.ladewerk.server.ocpp2;

import static org.ladewerk.server.transport.OcppFields.instant;
import static org.ladewerk.server.transport.OcppFields.text;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ladewerk.ocpp.ErrorCode;
import org.ladewerk.server.authorization.Authorization;
import org.ladewerk.server.devicemodel.VariableRef;
import org.ladewerk.server.transaction.MeterSample;
import org.ladewerk.server.transport.OcppCallException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Reading and writing the OCPP 2.x shapes the domain needs. Payloads are schema-valid when they get here. */
final class Ocpp2Json {
    private Ocpp2Json() {}

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static Integer integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asInt();
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** OCPP 2.x IdTokenInfo from the domain's authorization; the parent tag becomes the group id token. */
    static ObjectNode idTokenInfo(Authorization a) {
        ObjectNode info = object().put("status", a.status().name());
        if (a.expiryDate() != null) info.put("cacheExpiryDateTime", a.expiryDate().toString());
        if (a.parentIdTag() != null) info.set("groupIdToken", object().put("idToken", a.parentIdTag()).put("type", "Central"));
        return info;
    }

    /**
     * The largest power of ten a unit of measure may carry. The specifications use small integers (3 for
     * kWh, -3 for mA); 10^18 already spans any meter that exists. A wider one is refused rather than
     * scaled: scaling a value by 10^300000000 would build a string of 300 million digits.
     */
    static final int MAX_MULTIPLIER = 18;
    /** Scaled values whose magnitude lies outside 10^±40 are kept in exponent notation, never as long digit strings. */
    private static final int MAX_PLAIN_MAGNITUDE = 40;

    /**
     * Meter values as version-neutral samples. The value is scaled by the unit multiplier, so "12.5 kWh
     * multiplier 0" and "12500 Wh" read the same; defaults are those of OCPP 2.x.
     *
     * @throws OcppCallException PropertyConstraintViolation for a multiplier outside ±{@value #MAX_MULTIPLIER}
     */
    static List<MeterSample> samples(JsonNode meterValues) {
        var samples = new ArrayList<MeterSample>();
        if (meterValues == null) return samples;
        for (JsonNode mv : meterValues) {
            Instant at = instant(mv, "timestamp");
            for (JsonNode sv : mv.get("sampledValue")) {
                JsonNode unitOfMeasure = sv.get("unitOfMeasure");
                String unit = unitOfMeasure == null ? MeterSample.DEFAULT_UNIT : text(unitOfMeasure, "unit", MeterSample.DEFAULT_UNIT);
                JsonNode signed = sv.get("signedMeterValue");
                samples.add(new MeterSample(at, scaled(sv.get("value"), unitOfMeasure == null ? null : unitOfMeasure.get("multiplier")),
                        text(sv, "measurand", MeterSample.ENERGY_REGISTER), text(sv, "phase"), unit,
                        text(sv, "context", MeterSample.DEFAULT_CONTEXT), text(sv, "location", MeterSample.DEFAULT_LOCATION), signed != null,
                        signed == null ? null : signed.toString()));
            }
        }
        return samples;
    }

    /** The value times 10^multiplier as decimal text, at most about as long as the value as sent. */
    static String scaled(JsonNode value, JsonNode multiplier) {
        int power = 0;
        if (multiplier != null && !multiplier.isNull()) {
            if (!multiplier.canConvertToInt() || Math.abs(multiplier.asInt()) > MAX_MULTIPLIER)
                throw new OcppCallException(ErrorCode.PROPERTY_CONSTRAINT_VIOLATION, "unitOfMeasure.multiplier " + multiplier
                        + " is outside -" + MAX_MULTIPLIER + ".." + MAX_MULTIPLIER);
            power = multiplier.asInt();
        }
        BigDecimal v;
        try {
            v = value.decimalValue().scaleByPowerOfTen(power).stripTrailingZeros();
        } catch (ArithmeticException e) { // a scale beyond int (an infinite double is a JacksonException: CallFailure maps it)
            throw new OcppCallException(ErrorCode.PROPERTY_CONSTRAINT_VIOLATION, "sampled value " + value + " is out of range");
        }
        int magnitude = v.precision() - v.scale();
        return Math.abs(magnitude) <= MAX_PLAIN_MAGNITUDE ? v.toPlainString() : v.toString();
    }

    /** The device-model address of a {component, variable} pair. */
    static VariableRef ref(JsonNode component, JsonNode variable) {
        JsonNode evse = component.get("evse");
        return new VariableRef(text(component, "name"), text(component, "instance"),
                evse == null ? 0 : evse.get("id").asInt(), evse == null || integer(evse, "connectorId") == null ? 0 : integer(evse, "connectorId"),
                text(variable, "name"), text(variable, "instance"));
    }

    static boolean sameRef(JsonNode a, JsonNode b) {
        return ref(a.get("component"), a.get("variable")).equals(ref(b.get("component"), b.get("variable")))
                && java.util.Objects.equals(attributeType(a), attributeType(b));
    }

    static String attributeType(JsonNode node) {
        String t = text(node, "attributeType");
        return t == null ? "Actual" : t;
    }
}
