package org.ladewerk.server.transaction;

import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ladewerk.ocpp.Json;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * The sampled values of one MeterValue element (one timestamp) as one text, so a MeterValues message
 * is one row instead of one row per sampled value. JSON, so any value a schema allows (long signed
 * data, unusual units and measurands) is kept verbatim; one object per sampled value with short
 * keys, and fields at the OCPP default (measurand, unit, context, location) left out. A field left
 * out reads back as its default, an explicit JSON null as null, so decoding gives back exactly what
 * was encoded. The register and power readings are also extracted for columns of their own.
 */
public final class MeterValueCodec {

    private MeterValueCodec() {}

    public static String encode(List<MeterSample> samples) {
        var out = new StringWriter(64 * samples.size());
        try (JsonGenerator g = Json.mapper().createGenerator(out)) {
            g.writeStartArray();
            for (MeterSample s : samples) {
                g.writeStartObject();
                if (s.value() != null) g.writeStringProperty("v", s.value());
                defaulted(g, "m", s.measurand(), MeterSample.ENERGY_REGISTER);
                if (s.phase() != null) g.writeStringProperty("p", s.phase());
                defaulted(g, "u", s.unit(), MeterSample.DEFAULT_UNIT);
                defaulted(g, "c", s.context(), MeterSample.DEFAULT_CONTEXT);
                defaulted(g, "l", s.location(), MeterSample.DEFAULT_LOCATION);
                if (s.signed()) g.writeBooleanProperty("s", true);
                if (s.signedData() != null) g.writeStringProperty("d", s.signedData());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toString();
    }

    private static void defaulted(JsonGenerator g, String key, String value, String fallback) {
        if (value == null) g.writeNullProperty(key);
        else if (!value.equals(fallback)) g.writeStringProperty(key, value);
    }

    public static List<MeterSample> decode(Instant at, String encoded) {
        JsonNode array = Json.mapper().readTree(encoded);
        var samples = new ArrayList<MeterSample>(array.size());
        for (JsonNode n : array) {
            samples.add(new MeterSample(at, text(n, "v", null), text(n, "m", MeterSample.ENERGY_REGISTER), text(n, "p", null),
                    text(n, "u", MeterSample.DEFAULT_UNIT), text(n, "c", MeterSample.DEFAULT_CONTEXT), text(n, "l", MeterSample.DEFAULT_LOCATION),
                    n.has("s") && n.get("s").asBoolean(), text(n, "d", null)));
        }
        return samples;
    }

    private static String text(JsonNode n, String key, String fallback) {
        JsonNode v = n.get(key);
        if (v == null) return fallback;
        return v.isNull() ? null : v.asString();
    }

    /** The active energy register (no phase) in Wh, or null when the element has none. */
    public static Double registerWh(List<MeterSample> samples) {
        return reading(samples, MeterSample.ENERGY_REGISTER, "kWh");
    }

    /** The active import power (no phase) in W, or null when the element has none. */
    public static Double powerW(List<MeterSample> samples) {
        return reading(samples, "Power.Active.Import", "kW");
    }

    private static Double reading(List<MeterSample> samples, String measurand, String kiloUnit) {
        for (MeterSample s : samples) {
            if (!measurand.equals(s.measurand()) || s.phase() != null) continue;
            Double v = s.numericValue();
            if (v != null) return kiloUnit.equals(s.unit()) ? v * 1000 : v;
        }
        return null;
    }

    /** Splits samples into runs of one timestamp each (a MeterValue element), keeping their order. */
    public static List<List<MeterSample>> elements(List<MeterSample> samples) {
        var elements = new ArrayList<List<MeterSample>>();
        List<MeterSample> current = null;
        for (MeterSample s : samples) {
            if (current == null || !Objects.equals(current.getFirst().timestamp(), s.timestamp())) {
                current = new ArrayList<>();
                elements.add(current);
            }
            current.add(s);
        }
        return elements;
    }
}
