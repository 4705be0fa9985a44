package org.ladewerk.server.reservation;

import java.time.Instant;

/** A reservation; status is the station's answer (Accepted, Occupied, ...) or later Cancelled, Used, Expired. */
public record Reservation(int id, String stationId, int evseId, String idTag, String parentIdTag, Instant expiryDate,
                          String status, Long transactionId, Instant createdAt, Instant updatedAt) {}
