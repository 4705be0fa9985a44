package org.ladewerk.server.site;

import java.util.Arrays;
import java.util.Optional;

/**
 * The site-wide values the model knows, each with the sign convention every source is normalised to:
 * grid power is + import / − feed-in, battery power + discharge / − charge, PV power is generation (≥ 0).
 * {@code key} ("grid.power") names the value in configuration, MQTT mappings and the API.
 */
public enum SiteQuantity {
    GRID_POWER("grid", "power", Unit.W),
    GRID_IMPORT_ENERGY("grid", "importEnergy", Unit.WH),
    GRID_EXPORT_ENERGY("grid", "exportEnergy", Unit.WH),
    PV_POWER("pv", "power", Unit.W),
    PV_ENERGY_DAY("pv", "energyDay", Unit.WH),
    PV_ENERGY_TOTAL("pv", "energyTotal", Unit.WH),
    BATTERY_POWER("battery", "power", Unit.W),
    BATTERY_SOC("battery", "soc", Unit.PERCENT),
    HOUSE_POWER("house", "power", Unit.W),
    SMART_LOAD_POWER("smartLoad", "power", Unit.W),
    SMART_LOAD_TEMPERATURE("smartLoad", "temperature", Unit.CELSIUS);

    private final String group;
    private final String name;
    private final Unit unit;

    SiteQuantity(String group, String name, Unit unit) {
        this.group = group;
        this.name = name;
        this.unit = unit;
    }

    public String group() { return group; }

    public String field() { return name; }

    public Unit unit() { return unit; }

    public String key() { return group + "." + name; }

    public static Optional<SiteQuantity> byKey(String key) {
        return Arrays.stream(values()).filter(q -> q.key().equals(key)).findFirst();
    }
}
