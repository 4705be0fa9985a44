package org.ladewerk.server.energy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why an EVSE got the limit it got: shown beside each limit in the API and the UI. */
public enum Reason {
    /** No vehicle plugged in: 0 A, so a new one waits for the next round instead of drawing at once. */
    NO_VEHICLE,
    OFF,
    /** The station is offline: assumed to charge at its last limit until it is back. */
    OFFLINE,
    /** As much as the PV surplus gives. */
    SURPLUS,
    /** pv mode, not enough surplus for the minimum (or not yet for the enable delay). */
    NO_SURPLUS,
    /** pv mode, surplus fell below the minimum; the minimum is kept until the disable delay ends. */
    STOPPING,
    /** The site grid limit is reached; what there is was shared fairly by priority. */
    SITE_LIMIT,
    /** A circuit's limit is reached. */
    CIRCUIT_LIMIT,
    /** The EVSE's (or vehicle's) maximum current. */
    MAX_CURRENT,
    /** The vehicle draws less than it was allowed; the rest went to others. */
    VEHICLE;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
