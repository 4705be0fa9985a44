package org.ladewerk.ocpp.rpc;

import java.util.Objects;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** CALLRESULTERROR, message type 5 (OCPP 2.1 only): the receiver of a CALLRESULT failed to process it. */
public record CallResultError(String uniqueId, String errorCode, String description, ObjectNode details)
        implements Frame {

    public CallResultError {
        Objects.requireNonNull(uniqueId, "uniqueId");
        Objects.requireNonNull(errorCode, "errorCode");
        description = description == null ? "" : description;
        details = details == null ? JsonNodeFactory.instance.objectNode() : details;
    }
}
