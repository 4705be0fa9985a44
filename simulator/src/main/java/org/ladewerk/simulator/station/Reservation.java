package org.ladewerk.simulator.station;

import java.time.Instant;

/** A connector held for an id tag until {@code expiry} (ReserveNow). */
record Reservation(int reservationId, int connectorId, String idTag, String parentIdTag, Instant expiry) {

    boolean matches(String tag, String parentOfTag) {
        return idTag.equals(tag) || (parentIdTag != null && parentIdTag.equals(parentOfTag));
    }
}
