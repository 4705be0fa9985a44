package org.ladewerk.server.transport;

import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.ladewerk.ocpp.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * How a station's call that failed is answered, for OCPP-J and SOAP alike. A station retries an
 * InternalError, so only a failure that may pass (the database briefly unavailable, a bug) gets
 * one. A message that can never be stored as it is gets a definite error the station will not retry
 * forever, so its queue does not stall behind it: a value wider than its field or column
 * (SQLState class 22, a number outside its Java type) is a PropertyConstraintViolation, a broken
 * integrity constraint (class 23) an OccurrenceConstraintViolation. Either is logged without a stack
 * trace, naming the station and message id; internal errors keep their trace. Both are rate-limited
 * per station and cause, so a station repeating a poison message cannot flood the log.
 */
public record CallFailure(ErrorCode code, String description, boolean definite) {

    private static final Logger log = LoggerFactory.getLogger(CallFailure.class);
    private static final RateLimitedLog limited = new RateLimitedLog(log);

    /** Classifies the failure of {@code action} and logs it. */
    public static CallFailure of(Throwable error, String stationId, String messageId, String action) {
        Throwable cause = unwrap(error);
        if (cause instanceof OcppCallException e) return new CallFailure(e.code(), e.getMessage(), true);
        CallFailure definite = definite(cause);
        if (definite != null) {
            limited.warn(stationId + "|" + action + "|" + definite.code(), "{} {} from {} answered {}: {}", action, messageId, stationId,
                    definite.code(), definite.description());
            return definite;
        }
        limited.error(stationId + "|" + cause.getClass().getName(),
                action + " " + messageId + " from " + stationId + " failed", cause);
        return new CallFailure(ErrorCode.INTERNAL_ERROR, "could not process " + action + ", please retry", false);
    }

    private static CallFailure definite(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JacksonException j)
                return new CallFailure(ErrorCode.PROPERTY_CONSTRAINT_VIOLATION, "value out of range: " + firstLine(j.getOriginalMessage()), true);
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    String state = s.getSQLState();
                    if (state == null) continue;
                    if (state.startsWith("22"))
                        return new CallFailure(ErrorCode.PROPERTY_CONSTRAINT_VIOLATION, "a value cannot be stored (SQLState " + state
                                + "): " + firstLine(s.getMessage()), true);
                    if (state.startsWith("23"))
                        return new CallFailure(ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION, "the message conflicts with what is stored (SQLState "
                                + state + "): " + firstLine(s.getMessage()), true);
                }
            }
        }
        return null;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
        return t;
    }

    /** The first line of a driver message, which may quote the whole statement and its values. */
    private static String firstLine(String message) {
        if (message == null) return "";
        String line = message.lines().findFirst().orElse("");
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
