package org.ladewerk.ocpp.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ladewerk.ocpp.Actions;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.OcppVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The quick check against the validator, for every schema of every version: it accepts a valid payload
 * of each (so the fast path serves them all), and it accepts no payload the validator refuses. The
 * payloads are built from the schemas themselves, then changed one value or property at a time in the
 * ways stations get them wrong (wrong type, too long, out of range, unknown enum value, bad timestamp,
 * missing or unknown property, empty or null).
 */
class QuickCheckTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static OcppSchemas schemas;

    @BeforeAll
    static void load() {
        schemas = OcppSchemas.load();
    }

    private record Case(String name, OcppSchemas.Compiled compiled, JsonNode schemaDocument) {}

    private static List<Case> cases(OcppVersion v) {
        var all = new TreeSet<String>(Actions.stationInitiated(v));
        all.addAll(Actions.csmsInitiated(v));
        var cases = new ArrayList<Case>();
        for (String action : all) {
            for (boolean request : new boolean[] {true, false}) {
                OcppSchemas.Compiled c = schemas.compiled(v, action, request);
                if (c == null) continue;
                cases.add(new Case(v + " " + action + (request ? " request" : " response"), c, c.schema().getSchemaNode()));
            }
        }
        return cases;
    }

    @ParameterizedTest
    @EnumSource(OcppVersion.class)
    void everySchemaCompilesAndAcceptsItsValidPayloads(OcppVersion v) {
        List<Case> cases = cases(v);
        assertThat(cases).hasSizeGreaterThan(20);
        for (Case c : cases) {
            assertThat(c.compiled().quick()).as(c.name()).isNotNull();
            for (boolean full : new boolean[] {true, false}) {
                var builder = new Builder(c.schemaDocument(), full);
                JsonNode payload = builder.build();
                assertThat(c.compiled().schema().validate(payload)).as(c.name() + " " + payload).isEmpty();
                assertThat(c.compiled().quick().accepts(payload)).as(c.name() + " " + payload).isEqualTo(!builder.unsure);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(OcppVersion.class)
    void acceptsNothingTheValidatorRefuses(OcppVersion v) {
        int refused = 0;
        int checked = 0;
        for (Case c : cases(v)) {
            JsonNode valid = new Builder(c.schemaDocument(), true).build();
            var mutants = new ArrayList<JsonNode>();
            mutate(valid, valid, mutants::add);
            for (JsonNode mutant : mutants) {
                boolean validatorAccepts = c.compiled().schema().validate(mutant).isEmpty();
                if (!validatorAccepts) refused++;
                checked++;
                if (c.compiled().quick().accepts(mutant))
                    assertThat(validatorAccepts).as(c.name() + " quick check accepted what the validator refuses: " + mutant).isTrue();
            }
        }
        // the mutations do hit: most of them are refused by the validator
        assertThat(refused).isGreaterThan(checked / 2);
    }

    @Test
    void theTrickyValues() {
        OcppSchemas.Compiled meter = schemas.compiled(OcppVersion.V1_6, "MeterValues", true);
        String sample = "{'connectorId':%s,'meterValue':[{'timestamp':'%s','sampledValue':[{'value':'%s','unit':'Wh'}]}]}";
        JsonNode ok = json(sample.formatted("1", "2026-12-03T08:00:00.5+01:00", "12.5"));
        assertThat(meter.quick().accepts(ok)).isTrue();
        // 1.0 as an integer: draft 4 says no, so only the validator may decide
        assertThat(meter.quick().accepts(json(sample.formatted("1.0", "2026-12-03T08:00:00Z", "1")))).isFalse();
        assertThat(meter.quick().accepts(json(sample.formatted("1", "2026-12-03 08:00:00", "1")))).isFalse();
        assertThat(meter.quick().accepts(json(sample.formatted("1", "2026-12-03T08:00:00Z", "1").replace("'Wh'", "'wh'")))).isFalse();
        OcppSchemas.Compiled adjust = schemas.compiled(OcppVersion.V2_1, "AdjustPeriodicEventStream", true);
        ObjectNode stream = (ObjectNode) new Builder(adjust.schema().getSchemaNode(), false).build();
        assertThat(adjust.quick().accepts(stream.put("id", 0))).isTrue();
        assertThat(adjust.quick().accepts(stream.put("id", -1))).isFalse();
        assertThat(adjust.quick().accepts(stream.put("id", 0.5))).isFalse();
        // maxLength counts code points: 2 chars each, one code point
        OcppSchemas.Compiled authorize = schemas.compiled(OcppVersion.V1_6, "Authorize", true);
        assertThat(authorize.quick().accepts(json("{'idTag':'" + "\uD83D\uDE00".repeat(20) + "'}"))).isTrue();
        assertThat(authorize.quick().accepts(json("{'idTag':'" + "\uD83D\uDE00".repeat(21) + "'}"))).isFalse();
        // multipleOf is left to the validator
        OcppSchemas.Compiled profile = schemas.compiled(OcppVersion.V1_6, "SetChargingProfile", true);
        JsonNode withLimit = new Builder(profile.schema().getSchemaNode(), true).build();
        assertThat(withLimit.toString()).contains("\"limit\"");
        assertThat(profile.quick().accepts(withLimit)).isFalse();
        assertThat(profile.schema().validate(withLimit)).isEmpty();
    }

    @Test
    void refusesSchemasWithKeywordsItDoesNotKnow() {
        assertThat(QuickCheck.compile(json("{'type':'object','properties':{'a':{'type':'string','pattern':'^x'}}}"))).isNull();
        assertThat(QuickCheck.compile(json("{'type':'object','additionalProperties':{'type':'string'}}"))).isNull();
        assertThat(QuickCheck.compile(json("{'type':['string','null']}"))).isNull();
        assertThat(QuickCheck.compile(json("{'$ref':'other.json#/definitions/X'}"))).isNull();
        assertThat(QuickCheck.compile(json("{'type':'object','properties':{'a':{'type':'string'}}}"))).isNotNull();
    }

    private static JsonNode json(String singleQuoted) {
        return Json.mapper().readTree(singleQuoted.replace('\'', '"'));
    }

    /** Values a station might put anywhere; many are wrong for any given place. */
    private static final List<JsonNode> REPLACEMENTS = List.of(NODES.nullNode(), NODES.booleanNode(true), NODES.numberNode(0),
            NODES.numberNode(-1), NODES.numberNode(1), NODES.numberNode(2147483648L), NODES.numberNode(0.5), NODES.numberNode(1.0),
            NODES.numberNode(-0.1), NODES.stringNode(""), NODES.stringNode("x"), NODES.stringNode("x".repeat(21)),
            NODES.stringNode("x".repeat(51)), NODES.stringNode("x".repeat(256)), NODES.stringNode("x".repeat(1001)),
            NODES.stringNode("\uD83D\uDE00".repeat(21)), NODES.stringNode("2026-12-03T08:00:00Z"), NODES.stringNode("2026-12-03T08:00:00"),
            NODES.stringNode("2026-13-03T08:00:00Z"), NODES.stringNode("2026-12-03T08:00:60Z"), NODES.stringNode("Accepted"),
            NODES.stringNode("accepted"), NODES.objectNode(), NODES.arrayNode(), NODES.arrayNode().add(NODES.objectNode()));

    /** Every payload that differs from {@code root} in one place: {@code node} is where we are in it. */
    private static void mutate(JsonNode root, JsonNode node, Consumer<JsonNode> out) {
        if (node instanceof ObjectNode object) {
            ObjectNode extra = object.deepCopy();
            out.accept(replace(root, object, extra.put("unknownField", 1)));
            for (String name : new ArrayList<>(object.propertyNames())) {
                ObjectNode without = object.deepCopy();
                without.remove(name);
                out.accept(replace(root, object, without));
                for (JsonNode r : REPLACEMENTS) {
                    ObjectNode changed = object.deepCopy();
                    changed.set(name, r);
                    out.accept(replace(root, object, changed));
                }
                mutate(root, object.get(name), out);
            }
        } else if (node instanceof ArrayNode array && !array.isEmpty()) {
            ArrayNode twice = array.deepCopy();
            twice.add(array.get(0).deepCopy());
            out.accept(replace(root, array, twice));
            ArrayNode many = array.deepCopy();
            for (int i = 0; i < 20; i++) many.add(array.get(0).deepCopy());
            out.accept(replace(root, array, many));
            mutate(root, array.get(0), out);
        }
    }

    /** A copy of root with the node {@code at} (by identity) replaced. */
    private static JsonNode replace(JsonNode root, JsonNode at, JsonNode with) {
        if (root == at) return with;
        if (root instanceof ObjectNode o) {
            ObjectNode copy = NODES.objectNode();
            for (Map.Entry<String, JsonNode> e : o.properties()) copy.set(e.getKey(), replace(e.getValue(), at, with));
            return copy;
        }
        if (root instanceof ArrayNode a) {
            ArrayNode copy = NODES.arrayNode();
            for (JsonNode item : a) copy.add(replace(item, at, with));
            return copy;
        }
        return root;
    }

    /** A valid payload for a schema: every property ({@code full}) or only the required ones. */
    private static final class Builder {
        private final JsonNode document;
        private final boolean full;
        /** The payload holds a value the quick check leaves to the validator (multipleOf, a format other than date-time). */
        private boolean unsure;

        Builder(JsonNode document, boolean full) {
            this.document = document;
            this.full = full;
        }

        JsonNode build() {
            return value(document, 0);
        }

        private JsonNode value(JsonNode schema, int depth) {
            if (schema.has("$ref")) {
                String name = schema.get("$ref").asString().substring("#/definitions/".length());
                return value(document.get("definitions").get(name), depth + 1);
            }
            String type = schema.path("type").asString();
            return switch (type) {
                case "object" -> {
                    ObjectNode o = NODES.objectNode();
                    var required = new TreeSet<String>();
                    schema.path("required").forEach(r -> required.add(r.asString()));
                    for (Map.Entry<String, JsonNode> p : schema.path("properties").properties())
                        if (required.contains(p.getKey()) || (full && depth < 8)) o.set(p.getKey(), value(p.getValue(), depth + 1));
                    yield o;
                }
                case "array" -> {
                    ArrayNode a = NODES.arrayNode();
                    int n = Math.max(1, schema.path("minItems").asInt(0));
                    for (int i = 0; i < n; i++) a.add(value(schema.get("items"), depth + 1));
                    yield a;
                }
                case "string" -> {
                    if (schema.has("enum")) yield schema.get("enum").get(0);
                    String format = schema.path("format").asString("");
                    if (format.equals("date-time")) yield NODES.stringNode("2026-12-03T08:00:00.250Z");
                    if (format.equals("uri")) {
                        unsure = true;
                        yield NODES.stringNode("ftp://ladewerk.test/log");
                    }
                    yield NODES.stringNode("x");
                }
                case "integer" -> NODES.numberNode(schema.has("minimum") ? schema.get("minimum").asLong() : 1L);
                case "number" -> {
                    if (schema.has("multipleOf")) unsure = true;
                    double n = schema.has("minimum") ? schema.get("minimum").asDouble() + 1.5 : 1.5;
                    // strictly inside the bounds: a fraction at a bound is left to the validator
                    yield NODES.numberNode(schema.has("maximum") ? Math.min(n, schema.get("maximum").asDouble() - 1) : n);
                }
                case "boolean" -> NODES.booleanNode(true);
                case "" -> NODES.stringNode("any");
                default -> throw new IllegalStateException("type " + type + " in " + schema);
            };
        }
    }
}
