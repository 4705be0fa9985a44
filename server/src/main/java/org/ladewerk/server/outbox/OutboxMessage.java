package org.ladewerk.server.outbox;

/**
 * A waiting outbox row. {@code partitionKey} (e.g. the station id) orders delivery: rows with the same key
 * reach the receiver in the order they were made. {@code ref} is the caller's own reference (a session id).
 */
public record OutboxMessage(long id, String channel, String partitionKey, String target, String ref, String body, int attempts) {}
