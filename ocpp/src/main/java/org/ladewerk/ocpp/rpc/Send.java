package org.ladewerk.ocpp.rpc;

import java.util.Objects;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** SEND, message type 6 (OCPP 2.1 only): an unconfirmed message that is never answered. */
public record Send(String uniqueId, String action, ObjectNode payload) implements Frame {

    public Send {
        Objects.requireNonNull(uniqueId, "uniqueId");
        Objects.requireNonNull(action, "action");
        payload = payload == null ? JsonNodeFactory.instance.objectNode() : payload;
    }
}
