package org.ladewerk.ocpp.rpc;

import java.util.Objects;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** CALL, message type 2: a request that expects a CALLRESULT or CALLERROR. */
public record Call(String uniqueId, String action, ObjectNode payload) implements Frame {

    public Call {
        Objects.requireNonNull(uniqueId, "uniqueId");
        Objects.requireNonNull(action, "action");
        payload = payload == null ? JsonNodeFactory.instance.objectNode() : payload;
    }
}
