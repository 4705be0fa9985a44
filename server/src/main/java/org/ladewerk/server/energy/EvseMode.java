package org.ladewerk.server.energy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * How an EVSE charges, as users know it from evcc: {@code off} not at all, {@code now} as fast as the
 * site allows, {@code minpv} the minimum current always and more from PV surplus, {@code pv} from
 * surplus only (started and stopped with delays so passing clouds do not toggle the car).
 */
public enum EvseMode {
    OFF, NOW, MINPV, PV;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static EvseMode of(String key) {
        return Arrays.stream(values()).filter(m -> m.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown mode '" + key + "' (off, now, minpv or pv)"));
    }

    /** Whether the current above the minimum (and for pv the minimum too) comes from surplus only. */
    boolean surplusBound() {
        return this == MINPV || this == PV;
    }
}
