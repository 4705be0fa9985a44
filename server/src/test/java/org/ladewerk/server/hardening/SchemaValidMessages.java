package org.ladewerk.server.hardening;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Iterator;
import java.util.Random;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.OcppVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Payloads built from the official JSON schemas of a station-initiated action, leaning on the
 * extremes the schemas allow: integers at and beyond 32 bits, huge and tiny numbers, strings at
 * their maxLength or long where unbounded, non-ASCII text, optional fields present or absent,
 * arrays at their bounds. Most come out schema-valid; the caller checks and keeps those.
 */
final class SchemaValidMessages {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] ALPHABET = {"a", "Z", "0", "+", " ", "ä", "€", "\u6f22", "\"", "\\", "/", "%", "-", "_"};
    private static final long[] EXTREME_INTEGERS = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 2147483648L, -2147483649L,
            Long.MAX_VALUE, Long.MIN_VALUE, 10000, 300000000};
    private static final String[] EXTREME_NUMBERS = {"0", "-0.0", "1e300", "-1e300", "1.5e-300", "123456789012345678901234567890.5",
            "1e308", "0.000000001", "-2147483649"};

    private final Random random;

    SchemaValidMessages(long seed) {
        this.random = new Random(seed);
    }

    static JsonNode schema(OcppVersion version, String action) {
        String file = version == OcppVersion.V1_6 ? action + ".json" : action + "Request.json";
        String folder = switch (version) {
            case V1_6 -> "ocpp1.6";
            case V2_0_1 -> "ocpp2.0.1";
            case V2_1 -> "ocpp2.1";
        };
        try (InputStream in = SchemaValidMessages.class.getClassLoader().getResourceAsStream("ocpp-spec/json/" + folder + "/" + file)) {
            if (in == null) throw new IllegalArgumentException("no schema " + folder + "/" + file);
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode payload(JsonNode schema) {
        return value(schema, schema, 0);
    }

    private JsonNode value(JsonNode root, JsonNode node, int depth) {
        if (node.has("$ref")) {
            String ref = node.get("$ref").asString();
            return value(root, root.at(ref.substring(1)), depth + 1);
        }
        if (node.has("enum")) {
            JsonNode values = node.get("enum");
            return values.get(random.nextInt(values.size()));
        }
        String type = node.has("type") ? node.get("type").asString() : "string";
        return switch (type) {
            case "object" -> object(root, node, depth);
            case "array" -> array(root, node, depth);
            case "integer" -> integer(node);
            case "number" -> number();
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            default -> string(node);
        };
    }

    private ObjectNode object(JsonNode root, JsonNode node, int depth) {
        ObjectNode object = NODES.objectNode();
        JsonNode properties = node.get("properties");
        if (properties == null) return object;
        JsonNode required = node.get("required");
        for (Iterator<String> names = properties.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            boolean mandatory = false;
            if (required != null) for (JsonNode r : required) mandatory |= r.asString().equals(name);
            if (name.equals("customData") || (!mandatory && (depth > 6 || random.nextInt(3) == 0))) continue;
            object.set(name, value(root, properties.get(name), depth + 1));
        }
        return object;
    }

    private ArrayNode array(JsonNode root, JsonNode node, int depth) {
        int min = node.path("minItems").asInt(0);
        int max = Math.min(node.path("maxItems").asInt(4), min + 4);
        ArrayNode array = NODES.arrayNode();
        int size = min + random.nextInt(Math.max(1, max - min + 1));
        for (int i = 0; i < size; i++) array.add(value(root, node.get("items"), depth + 1));
        return array;
    }

    private JsonNode integer(JsonNode node) {
        long v = random.nextInt(3) == 0 ? EXTREME_INTEGERS[random.nextInt(EXTREME_INTEGERS.length)] : random.nextInt(100);
        if (node.has("minimum") && v < node.get("minimum").asLong()) v = node.get("minimum").asLong();
        if (node.has("maximum") && v > node.get("maximum").asLong()) v = node.get("maximum").asLong();
        if (random.nextInt(20) == 0) return NODES.numberNode(new BigInteger("123456789012345678901234567890"));
        return NODES.numberNode(v);
    }

    private JsonNode number() {
        if (random.nextInt(3) == 0) return NODES.numberNode(new BigDecimal(EXTREME_NUMBERS[random.nextInt(EXTREME_NUMBERS.length)]));
        return NODES.numberNode(random.nextInt(100_000) / 10.0);
    }

    private JsonNode string(JsonNode node) {
        if ("date-time".equals(node.path("format").asString(""))) {
            Instant at = random.nextBoolean() ? Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextInt(1_000_000))
                    : random.nextBoolean() ? Instant.parse("0001-01-01T00:00:00Z") : Instant.parse("9999-12-31T23:59:59Z");
            return NODES.stringNode(at.toString());
        }
        int max = node.has("maxLength") ? node.get("maxLength").asInt() : 20_000;
        int length = switch (random.nextInt(4)) {
            case 0 -> max;
            case 1 -> 0;
            default -> random.nextInt(Math.min(max, 64) + 1);
        };
        var text = new StringBuilder(length);
        while (text.length() < length) {
            String c = ALPHABET[random.nextInt(ALPHABET.length)];
            if (text.length() + c.length() > length) c = "a";
            text.append(c);
        }
        return NODES.stringNode(text.toString());
    }
}
