package org.ladewerk.server.user;

import java.time.Instant;
import java.util.List;

/** A user with its id tags and the charge points it may use (never its password hash). */
public record AppUser(long id, String username, Role role, List<String> idTags, List<ChargePointRef> chargePoints,
                      Instant createdAt) {

    /** One EVSE of a station, or {@code evseId} 0 for all EVSEs of the station. */
    public record ChargePointRef(String stationId, int evseId) {
        public boolean covers(String station, int evse) {
            return stationId.equals(station) && (evseId == 0 || evseId == evse);
        }
    }

    /** Whether this user may use the EVSE: admins and operators any, drivers those assigned to them. */
    public boolean mayUse(String stationId, int evseId) {
        return role != Role.driver || chargePoints.stream().anyMatch(c -> c.covers(stationId, evseId));
    }
}
