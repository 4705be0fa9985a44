package org.ladewerk.server.integration.mqtt;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.ladewerk.server.site.ChargePointField;
import org.ladewerk.server.site.SiteQuantity;
import org.ladewerk.server.site.SiteTarget;

/**
 * openWB 1.9 topics. Its conventions: {@code evu/W} + import / − feed-in (as ours); {@code pv/W}
 * negative while generating (we show generation positive); {@code housebattery/W} + charging /
 * − discharging (we use + discharge, so it is negated); energy in Wh except kWh counters. The charge
 * mode is global in 1.9 ({@code global/ChargeMode} 0..4), so every charge point shows the same one.
 */
final class OpenWb1Topics implements TopicSet {

    static final List<String> MODES = List.of("instant", "min_pv", "pv", "stop", "standby");
    private static final Pattern LP = Pattern.compile("openWB/lp/(\\d+)/(W|kWhCounter|boolPlugStat|boolChargeStat)");
    private static final Map<String, Value> SITE = Map.of(
            "openWB/evu/W", new Value(SiteTarget.of(SiteQuantity.GRID_POWER), 1),
            "openWB/evu/WhImported", new Value(SiteTarget.of(SiteQuantity.GRID_IMPORT_ENERGY), 1),
            "openWB/evu/WhExported", new Value(SiteTarget.of(SiteQuantity.GRID_EXPORT_ENERGY), 1),
            "openWB/pv/W", new Value(SiteTarget.of(SiteQuantity.PV_POWER), -1),
            "openWB/pv/WhCounter", new Value(SiteTarget.of(SiteQuantity.PV_ENERGY_TOTAL), 1),
            "openWB/pv/DailyYieldKwh", new Value(SiteTarget.of(SiteQuantity.PV_ENERGY_DAY), 1000),
            "openWB/housebattery/W", new Value(SiteTarget.of(SiteQuantity.BATTERY_POWER), -1),
            "openWB/housebattery/%Soc", new Value(SiteTarget.of(SiteQuantity.BATTERY_SOC), 1),
            "openWB/global/WHouseConsumption", new Value(SiteTarget.of(SiteQuantity.HOUSE_POWER), 1));
    static final String CHARGE_MODE = "openWB/global/ChargeMode";
    /** Where a new global charge mode is requested. */
    static final String SET_CHARGE_MODE = "openWB/set/ChargeMode";

    /** Charge points seen so far, so a global charge mode reaches each of them. */
    private final java.util.Set<String> chargePoints = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public String name() {
        return "openwb1";
    }

    @Override
    public List<String> filters() {
        var filters = new java.util.ArrayList<>(SITE.keySet());
        filters.add(CHARGE_MODE);
        for (String leaf : List.of("W", "kWhCounter", "boolPlugStat", "boolChargeStat")) filters.add("openWB/lp/+/" + leaf);
        return filters;
    }

    @Override
    public List<Decoded> decode(String topic, String payload) {
        Value site = SITE.get(topic);
        if (site != null) {
            double v = Payloads.number(payload) * site.value();
            // PV power is reported negative while generating; a small positive standby draw counts as 0 generation
            return List.of(new Value(site.target(), site.target().quantity() == SiteQuantity.PV_POWER ? Math.max(0, v) : v));
        }
        if (topic.equals(CHARGE_MODE)) {
            int mode = (int) Payloads.number(payload);
            if (mode < 0 || mode >= MODES.size()) throw new Payloads.Malformed("unknown charge mode " + mode);
            return chargePoints.stream().map(cp -> (Decoded) new ChargeMode(cp, MODES.get(mode))).toList();
        }
        var m = LP.matcher(topic);
        if (!m.matches()) return List.of();
        String cp = "openwb-" + m.group(1);
        chargePoints.add(cp);
        double v = Payloads.number(payload);
        return List.of(switch (m.group(2)) {
            case "W" -> new Value(SiteTarget.chargePoint(cp, ChargePointField.POWER), v);
            case "kWhCounter" -> new Value(SiteTarget.chargePoint(cp, ChargePointField.ENERGY), v * 1000);
            case "boolPlugStat" -> new Value(SiteTarget.chargePoint(cp, ChargePointField.PLUGGED), v);
            default -> new Value(SiteTarget.chargePoint(cp, ChargePointField.CHARGING), v);
        });
    }

    /** 1.9 knows one mode for all charge points: the payload is its number. */
    static String setChargeModePayload(String mode) {
        return Integer.toString(MODES.indexOf(mode));
    }
}
