package org.ladewerk.server.site;

import java.util.Map;

/**
 * A source of site values (the openWB bridge, OCPP meters, the simulation, static values). Sources
 * write into {@link SiteModel}; this seam only lets the API show which sources run and how they fare.
 */
public interface SiteSource {

    String name();

    /** False for a source that is configured off; the API lists only active ones. */
    default boolean active() {
        return true;
    }

    /** A few facts for operators, e.g. {"connected": true, "messages": 1200, "malformed": {...}}. */
    Map<String, Object> status();
}
