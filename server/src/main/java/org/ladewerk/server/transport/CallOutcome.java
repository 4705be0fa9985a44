package org.ladewerk.server.transport;

import tools.jackson.databind.node.ObjectNode;

/** How a central-system-initiated call ended. */
public sealed interface CallOutcome {

    record Result(ObjectNode payload) implements CallOutcome {}

    record Error(String errorCode, String description, ObjectNode details) implements CallOutcome {}

    record Timeout() implements CallOutcome {}

    record Disconnected() implements CallOutcome {}
}
