package org.ladewerk.ocpp.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
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

    /** A schema and, in front of it, its quick check (null where the schema uses what the check does not know). */
    record Compiled(Schema schema, QuickCheck quick) {
    }

    private final Map<OcppVersion, Map<Key, Compiled>> schemas;

    private OcppSchemas(Map<OcppVersion, Map<Key, Compiled>> schemas) {
        this.schemas = schemas;
    }

    /** Reads and compiles every schema of every version from the classpath. */
    public static OcppSchemas load() {
        Map<OcppVersion, Map<Key, Compiled>> all = new EnumMap<>(OcppVersion.class);
        for (OcppVersion v : OcppVersion.values()) {
            // some OCPP 1.6 schemas (the security extension) declare draft 6: both drafts are known everywhere
            SchemaRegistry registry = SchemaRegistry.withDialects(List.of(DRAFT_4, DRAFT_6), b -> b.defaultDialectId(dialect(v).getId()).schemaRegistryConfig(
                    // Drafts 4/6 leave format assertion optional; OCPP relies on date-time being checked.
                    SchemaRegistryConfig.builder().formatAssertionsEnabled(true).pathType(PathType.JSON_PATH).build()));
            Map<Key, Compiled> byKey = new HashMap<>();
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

    /**
     * The check every receiver of a CALL makes before handling it, the central system and the
     * emulated station alike: the action exists in the version (else NotImplemented), is one the
     * sender may send to this receiver (else NotSupported), and its payload is schema-valid (else
     * the violation's code). Empty when the call may be handled.
     *
     * @param toCentralSystem the receiver is the central system (the call came from a station)
     */
    public Optional<Violation> checkIncomingCall(OcppVersion v, boolean toCentralSystem, String action, JsonNode payload) {
        if (!Actions.exists(v, action))
            return Optional.of(new Violation(ErrorCode.NOT_IMPLEMENTED, "unknown action '" + action + "' in OCPP " + v.subprotocol().substring(4)));
        if (!(toCentralSystem ? Actions.stationInitiated(v) : Actions.csmsInitiated(v)).contains(action))
            return Optional.of(new Violation(ErrorCode.NOT_SUPPORTED,
                    action + (toCentralSystem ? " is sent by the central system, not by a station" : " is sent by stations, not by the central system")));
        return validateRequest(v, action, payload);
    }

    /** The compiled schema of an action's request or response, null if the version has none (for tests). */
    Compiled compiled(OcppVersion v, String action, boolean request) {
        return schemas.get(v).get(new Key(action, request));
    }

    public Optional<Violation> validateResponse(OcppVersion v, String action, JsonNode payload) {
        return validate(v, new Key(action, false), payload);
    }

    private Optional<Violation> validate(OcppVersion v, Key key, JsonNode payload) {
        Compiled compiled = schemas.get(v).get(key);
        if (compiled == null) {
            String what = key.request() || !Actions.exists(v, key.action()) ? "unknown action " : "no response defined for action ";
            return Optional.of(new Violation(ErrorCode.NOT_IMPLEMENTED, what + key.action()));
        }
        if (compiled.quick() != null && compiled.quick().accepts(payload)) {
            return Optional.empty();
        }
        List<Error> errors = compiled.schema().validate(payload);
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

    private static void compile(SchemaRegistry registry, OcppVersion v, String action, Map<Key, Compiled> into) {
        // 1.6 files and 2.1 SEND-only actions (no response) carry the bare action name.
        boolean unconfirmed = Actions.unconfirmed(v).contains(action);
        String requestFile = v == OcppVersion.V1_6 || unconfirmed ? action : action + "Request";
        // computeIfAbsent: DataTransfer is listed in both directions.
        into.computeIfAbsent(new Key(action, true), k -> read(registry, v, requestFile));
        if (!unconfirmed) {
            into.computeIfAbsent(new Key(action, false), k -> read(registry, v, action + "Response"));
        }
    }

    private static Compiled read(SchemaRegistry registry, OcppVersion v, String file) {
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
            return new Compiled(schema, QuickCheck.compile(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Draft 4 and draft 6 as the official schemas use them: knowing the two annotations they carry
     * beside the drafts' keywords ({@code javaType}, {@code comment}), which validate nothing;
     * declaring them keeps the validator from warning about each one at start.
     */
    private static final Dialect DRAFT_4 = annotated(Dialects.getDraft4());
    private static final Dialect DRAFT_6 = annotated(Dialects.getDraft6());

    private static Dialect annotated(Dialect draft) {
        return Dialect.builder(draft).keyword(new NonValidationKeyword("javaType")).keyword(new NonValidationKeyword("comment")).build();
    }

    /** The draft a version's schemas are written in: 4 for 1.6 (but see above), 6 for 2.x. */
    private static Dialect dialect(OcppVersion v) {
        return v == OcppVersion.V1_6 ? DRAFT_4 : DRAFT_6;
    }
}
