package org.ladewerk.server.energy;

import java.util.Comparator;

/** One EVSE of one station: what modes, limits and decisions are kept for. */
public record EvseKey(String stationId, int evseId) implements Comparable<EvseKey> {

    private static final Comparator<EvseKey> ORDER = Comparator.comparing(EvseKey::stationId).thenComparingInt(EvseKey::evseId);

    @Override
    public int compareTo(EvseKey o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return stationId + "/" + evseId;
    }
}
