package org.ladewerk.ocpp.rpc;

import java.util.Objects;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** CALLRESULT, message type 3: the successful answer to a CALL. */
public record CallResult(String uniqueId, ObjectNode payload) implements Frame {

    public CallResult {
        Objects.requireNonNull(uniqueId, "uniqueId");
        payload = payload == null ? JsonNodeFactory.instance.objectNode() : payload;
    }
}
