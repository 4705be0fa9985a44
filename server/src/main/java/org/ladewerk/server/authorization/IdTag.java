package org.ladewerk.server.authorization;

import java.time.Instant;

/** A registered id tag (RFID card, app token). {@code status} is Accepted, Blocked, Expired or Invalid. */
public record IdTag(String idTag, String parentIdTag, AuthorizationStatus status, Instant expiryDate,
                    int maxActiveTransactions, String note, int activeTransactions, Instant createdAt, Instant updatedAt) {}
