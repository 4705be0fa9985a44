package org.ladewerk.server.command;

import tools.jackson.databind.node.ObjectNode;

/** The end of a command sent to a station. */
public sealed interface CommandResult {

    record Answered(ObjectNode payload) implements CommandResult {}

    /** The station answered with a CALLERROR, or with a response that is not valid. */
    record Failed(String errorCode, String description) implements CommandResult {}

    record TimedOut() implements CommandResult {}

    record NotConnected() implements CommandResult {}

    /** Rejected before sending: unknown action, wrong direction or a schema-invalid payload. */
    record Invalid(String description) implements CommandResult {}

    /** How it ended, in a word or two for logs and records: the answer's status, else what went wrong. */
    default String outcome() {
        return switch (this) {
            case Answered a -> a.payload().path("status").asString("answered");
            case Failed f -> "Failed: " + f.errorCode();
            case TimedOut t -> "TimedOut";
            case NotConnected n -> "NotConnected";
            case Invalid i -> "Invalid: " + i.description();
        };
    }
}
