package org.ladewerk.ocpp.rpc;

import java.util.Objects;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * CALLERROR, message type 4. {@code errorCode} is the wire string, kept verbatim because
 * peers send codes (or misspellings) that {@link org.ladewerk.ocpp.ErrorCode} may not know.
 */
public record CallError(String uniqueId, String errorCode, String description, ObjectNode details)
        implements Frame {

    public CallError {
        Objects.requireNonNull(uniqueId, "uniqueId");
        Objects.requireNonNull(errorCode, "errorCode");
        description = description == null ? "" : description;
        details = details == null ? JsonNodeFactory.instance.objectNode() : details;
    }
}
