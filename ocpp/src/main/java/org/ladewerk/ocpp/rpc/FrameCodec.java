package org.ladewerk.ocpp.rpc;

import java.util.Locale;
import java.util.Objects;
import org.ladewerk.ocpp.ErrorCode;
import org.ladewerk.ocpp.OcppVersion;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses and renders OCPP-J frames for one protocol version. Stateless and thread-safe;
 * validates only the RPC envelope, payloads are checked by the schema layer.
 */
public final class FrameCodec {

    static final int CALL = 2;
    static final int CALLRESULT = 3;
    static final int CALLERROR = 4;
    static final int CALLRESULTERROR = 5;
    static final int SEND = 6;

    private static final int MAX_UNIQUE_ID = 36;
    private static final int MAX_DESCRIPTION = 255;

    private final OcppVersion version;
    private final ObjectMapper mapper;

    public FrameCodec(OcppVersion version, ObjectMapper mapper) {
        this.version = Objects.requireNonNull(version, "version");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    public OcppVersion version() {
        return version;
    }

    public Frame decode(String text) throws FrameException {
        JsonNode root = parse(text);
        if (!root.isArray()) {
            throw unreadable("message must be a JSON array, got " + kind(root), null);
        }
        if (root.isEmpty()) {
            throw unreadable("message must not be an empty array", null);
        }
        String salvagedId = salvageUniqueId(root);
        JsonNode typeNode = root.get(0);
        if (!typeNode.isIntegralNumber() || !typeNode.canConvertToInt()) {
            throw unreadable("messageTypeId must be an integer, got " + describe(typeNode), salvagedId);
        }
        int type = typeNode.intValue();
        // Types 5 and 6 were introduced in OCPP 2.1; older versions treat them as unknown.
        int known = version != OcppVersion.V2_1 && type > CALLERROR ? -1 : type;
        return switch (known) {
            case CALL -> new Call(uniqueId(root, type, 4, "CALL"), stringAt(root, 2, "action", type),
                    objectAt(root, 3, type));
            case CALLRESULT -> new CallResult(uniqueId(root, type, 3, "CALLRESULT"), objectAt(root, 2, type));
            case CALLERROR -> {
                String id = uniqueIdLenient(root, type, "CALLERROR");
                yield new CallError(id, stringAt(root, 2, "errorCode", type),
                        stringAt(root, 3, "errorDescription", type), detailsAt(root));
            }
            case CALLRESULTERROR -> {
                String id = uniqueIdLenient(root, type, "CALLRESULTERROR");
                yield new CallResultError(id, stringAt(root, 2, "errorCode", type),
                        stringAt(root, 3, "errorDescription", type), detailsAt(root));
            }
            case SEND -> new Send(uniqueId(root, type, 4, "SEND"), stringAt(root, 2, "action", type),
                    objectAt(root, 3, type));
            default -> throw new FrameException(
                    version == OcppVersion.V1_6 ? ErrorCode.PROTOCOL_ERROR : ErrorCode.MESSAGE_TYPE_NOT_SUPPORTED,
                    "messageTypeId " + type + " is not supported by " + version.subprotocol(),
                    salvagedId, type, true);
        };
    }

    public String encode(Frame frame) {
        ArrayNode a = mapper.createArrayNode();
        switch (frame) {
            case Call c -> a.add(CALL).add(c.uniqueId()).add(c.action()).add(c.payload());
            case CallResult r -> a.add(CALLRESULT).add(r.uniqueId()).add(r.payload());
            case CallError e -> a.add(CALLERROR).add(e.uniqueId()).add(e.errorCode())
                    .add(e.description()).add(e.details());
            case CallResultError e -> {
                requireV21("CALLRESULTERROR");
                a.add(CALLRESULTERROR).add(e.uniqueId()).add(e.errorCode()).add(e.description()).add(e.details());
            }
            case Send s -> {
                requireV21("SEND");
                a.add(SEND).add(s.uniqueId()).add(s.action()).add(s.payload());
            }
        }
        return mapper.writeValueAsString(a);
    }

    /** A CALLERROR frame with this version's spelling of {@code code} and empty details. */
    public String callError(String uniqueId, ErrorCode code, String description) {
        return encode(new CallError(uniqueId, code.wireName(version), truncate(description), null));
    }

    private JsonNode parse(String text) throws FrameException {
        if (text == null || text.isBlank()) {
            throw unreadable("message is empty", null);
        }
        // Trailing content is checked by hand for a clearer message than Jackson's.
        ObjectReader reader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        try (JsonParser p = reader.createParser(text)) {
            JsonNode root = reader.readTree(p);
            if (root == null || root.isMissingNode()) {
                throw unreadable("message is empty", null);
            }
            if (p.nextToken() != null) {
                throw unreadable("unexpected content after the JSON message at column "
                        + p.currentTokenLocation().getColumnNr(), null);
            }
            return root;
        } catch (JacksonException e) {
            var loc = e.getLocation();
            String where = loc != null && loc.getColumnNr() > 0 ? " at column " + loc.getColumnNr() : "";
            throw unreadable("message is not valid JSON: " + firstLine(e.getOriginalMessage()) + where, null);
        }
    }

    /**
     * Envelope errors before the message type is known. OCPP 2.x reserves RpcFrameworkError for
     * frames whose uniqueId cannot be read; 1.6 only has FormationViolation for this.
     */
    private FrameException unreadable(String description, String uniqueId) {
        ErrorCode code = version != OcppVersion.V1_6 && uniqueId == null
                ? ErrorCode.RPC_FRAMEWORK_ERROR : ErrorCode.FORMAT_VIOLATION;
        return new FrameException(code, truncate(description), uniqueId, null, true);
    }

    private FrameException invalid(ErrorCode code, String description, String uniqueId, int type) {
        return new FrameException(code, truncate(description), uniqueId, type, answerable(type));
    }

    /** Only requests get a CALLERROR; answering an answer (or a SEND) invites error ping-pong. */
    private static boolean answerable(int type) {
        return type == CALL;
    }

    /** Best effort, so a frame broken elsewhere can still be answered with its own id. */
    private static String salvageUniqueId(JsonNode root) {
        if (root.size() < 2) {
            return null;
        }
        JsonNode n = root.get(1);
        return n.isString() && n.stringValue().length() <= MAX_UNIQUE_ID ? n.stringValue() : null;
    }

    private String uniqueId(JsonNode root, int type, int size, String name) throws FrameException {
        if (root.size() != size) {
            throw invalid(ErrorCode.PROTOCOL_ERROR,
                    name + " must have " + size + " elements, got " + root.size(), salvageUniqueId(root), type);
        }
        return readUniqueId(root, type);
    }

    /** CALLERROR-like frames: details are often missing, so 4 elements are accepted too. */
    private String uniqueIdLenient(JsonNode root, int type, String name) throws FrameException {
        if (root.size() != 4 && root.size() != 5) {
            throw invalid(ErrorCode.PROTOCOL_ERROR,
                    name + " must have 5 elements, got " + root.size(), salvageUniqueId(root), type);
        }
        return readUniqueId(root, type);
    }

    private String readUniqueId(JsonNode root, int type) throws FrameException {
        JsonNode n = root.get(1);
        if (!n.isString()) {
            throw invalid(ErrorCode.FORMAT_VIOLATION,
                    "uniqueId must be a string of at most 36 characters, got " + kind(n), null, type);
        }
        if (n.stringValue().length() > MAX_UNIQUE_ID) {
            throw invalid(ErrorCode.FORMAT_VIOLATION, "uniqueId must be a string of at most 36 characters, got "
                    + n.stringValue().length() + " characters", n.stringValue(), type);
        }
        return n.stringValue();
    }

    private String stringAt(JsonNode root, int index, String name, int type) throws FrameException {
        JsonNode n = root.get(index);
        if (!n.isString()) {
            throw invalid(ErrorCode.FORMAT_VIOLATION, name + " must be a string, got " + kind(n),
                    root.get(1).stringValue(), type);
        }
        return n.stringValue();
    }

    private ObjectNode objectAt(JsonNode root, int index, int type) throws FrameException {
        JsonNode n = root.get(index);
        if (!(n instanceof ObjectNode o)) {
            throw invalid(ErrorCode.FORMAT_VIOLATION, "payload must be a JSON object, got " + kind(n),
                    root.get(1).stringValue(), type);
        }
        return o;
    }

    /** Lenient: stations often send null, a string or nothing as details. */
    private static ObjectNode detailsAt(JsonNode root) {
        return root.size() > 4 && root.get(4) instanceof ObjectNode o ? o : null;
    }

    private void requireV21(String what) {
        if (version != OcppVersion.V2_1) {
            throw new IllegalArgumentException(what + " frames exist only in OCPP 2.1, not " + version.subprotocol());
        }
    }

    private static String kind(JsonNode n) {
        return n.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String describe(JsonNode n) {
        return n.isValueNode() ? kind(n) + " " + n : kind(n);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** OCPP 2.x limits errorDescription to 255 characters; 1.6 peers deserve the same. */
    private static String truncate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_DESCRIPTION ? s : s.substring(0, MAX_DESCRIPTION - 3) + "...";
    }
}
