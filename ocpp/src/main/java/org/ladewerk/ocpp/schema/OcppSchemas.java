package org.ladewerk.ocpp.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ladewerk.ocpp.Actions;
import org.ladewerk.ocpp.ErrorCode;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.OcppVersion;
import tools.jackson.databind.JsonNode;

/**
 * The official OCPP JSON schemas, compiled once at load time. Immutable after {@link #load()},
 * so one instance can validate from any number of threads.
 */
public final class OcppSchemas {

    private static final String ROOT = "ocpp-spec/json/";
    private static final int MAX_REPORTED = 3;

    private record Key(String action, boolean request) {
    }

    private final Map<OcppVersion, Map<Key, Schema>> schemas;

    private OcppSchemas(Map<OcppVersion, Map<Key, Schema>> schemas) {
        this.schemas = schemas;
    }

    /** Reads and compiles every schema of every version from the classpath. */
    public static OcppSchemas load() {
        Map<OcppVersion, Map<Key, Schema>> all = new EnumMap<>(OcppVersion.class);
        for (OcppVersion v : OcppVersion.values()) {
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(dialect(v), b -> b.schemaRegistryConfig(
                    // Drafts 4/6 leave format assertion optional; OCPP relies on date-time being checked.
                    SchemaRegistryConfig.builder().formatAssertionsEnabled(true).pathType(PathType.JSON_PATH).build()));
            Map<Key, Schema> byKey = new HashMap<>();
            for (String action : Actions.stationInitiated(v)) {
                compile(registry, v, action, byKey);
            }
            for (String action : Actions.csmsInitiated(v)) {
                compile(registry, v, action, byKey);
            }
            all.put(v, Map.copyOf(byKey));
        }
        return new OcppSchemas(all);
    }

    public Optional<Violation> validateRequest(OcppVersion v, String action, JsonNode payload) {
        return validate(v, new Key(action, true), payload);
    }

    public Optional<Violation> validateResponse(OcppVersion v, String action, JsonNode payload) {
        return validate(v, new Key(action, false), payload);
    }

    private Optional<Violation> validate(OcppVersion v, Key key, JsonNode payload) {
        Schema schema = schemas.get(v).get(key);
        if (schema == null) {
            String what = key.request() || !Actions.exists(v, key.action()) ? "unknown action " : "no response defined for action ";
            return Optional.of(new Violation(ErrorCode.NOT_IMPLEMENTED, what + key.action()));
        }
        List<Error> errors = schema.validate(payload);
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        String description = errors.stream().limit(MAX_REPORTED).map(OcppSchemas::describe)
                .collect(Collectors.joining("; "));
        return Optional.of(new Violation(code(errors.getFirst().getKeyword()), description));
    }

    /** OCPP-J error code for a failed JSON schema keyword. */
    static ErrorCode code(String keyword) {
        return switch (keyword == null ? "" : keyword) {
            case "type" -> ErrorCode.TYPE_CONSTRAINT_VIOLATION;
            case "required", "minItems", "maxItems" -> ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION;
            // An unknown field means the payload does not follow the PDU structure at all.
            case "additionalProperties" -> ErrorCode.FORMAT_VIOLATION;
            default -> ErrorCode.PROPERTY_CONSTRAINT_VIOLATION;
        };
    }

    private static String describe(Error e) {
        String path = e.getInstanceLocation() == null ? "$" : e.getInstanceLocation().toString();
        String message = e.getMessage();
        return message.startsWith(path) ? message : path + ": " + message;
    }

    private static void compile(SchemaRegistry registry, OcppVersion v, String action, Map<Key, Schema> into) {
        // 1.6 files and 2.1 SEND-only actions (no response) carry the bare action name.
        boolean unconfirmed = Actions.unconfirmed(v).contains(action);
        String requestFile = v == OcppVersion.V1_6 || unconfirmed ? action : action + "Request";
        // computeIfAbsent: DataTransfer is listed in both directions.
        into.computeIfAbsent(new Key(action, true), k -> read(registry, v, requestFile));
        if (!unconfirmed) {
            into.computeIfAbsent(new Key(action, false), k -> read(registry, v, action + "Response"));
        }
    }

    private static Schema read(SchemaRegistry registry, OcppVersion v, String file) {
        String path = ROOT + v.subprotocol() + "/" + file + ".json";
        try (InputStream in = OcppSchemas.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing OCPP schema on classpath: " + path);
            }
            JsonNode node = Json.mapper().readTree(in);
            // The node is passed in directly: 2.x schemas carry urn: $ids that no loader could fetch,
            // and their $refs are all document-local.
            Schema schema = registry.getSchema(SchemaLocation.of("classpath:" + path), node);
            schema.initializeValidators(); // compile now, not on the first frame
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SpecificationVersion dialect(OcppVersion v) {
        return v == OcppVersion.V1_6 ? SpecificationVersion.DRAFT_4 : SpecificationVersion.DRAFT_6;
    }
}
