package org.ladewerk.server.site;

import java.util.Arrays;
import java.util.Optional;

/** What the site model knows of each charge point, whichever source (openWB, OCPP, mapping) reports it. */
public enum ChargePointField {
    POWER("power", Unit.W),
    ENERGY("energy", Unit.WH),
    PLUGGED("plugged", Unit.FLAG),
    CHARGING("charging", Unit.FLAG);

    private final String key;
    private final Unit unit;

    ChargePointField(String key, Unit unit) {
        this.key = key;
        this.unit = unit;
    }

    public String key() { return key; }

    public Unit unit() { return unit; }

    public static Optional<ChargePointField> byKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }
}
