package org.ladewerk.server.integration.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.site.ChargePointField;
import org.ladewerk.server.site.SiteQuantity;
import org.ladewerk.server.site.SiteTarget;
import tools.jackson.databind.JsonNode;

/**
 * openWB 2.x topics (JSON payloads). Conventions: counters + import / − export (as ours); {@code pv/get/power}
 * negative while generating (shown positive here); {@code bat/get/power} + charging / − discharging
 * (negated). The grid is the counter {@code ladewerk.mqtt.openwb-grid-counter}. A charge point's mode
 * belongs to the charge template of its connected vehicle ({@code get/connected_vehicle/config}) and is
 * set through {@code openWB/set/vehicle/template/charge_template/<id>/chargemode/selected}.
 */
final class OpenWb2Topics implements TopicSet {

    /** Our mode names; openWB 2.x calls them instant_charging, pv_charging, scheduled_charging, standby, stop. */
    static final List<String> MODES = List.of("instant", "pv", "scheduled", "standby", "stop");
    private static final Pattern CP = Pattern.compile("openWB/chargepoint/(\\d+)/get/(power|imported|plug_state|charge_state|connected_vehicle/config)");

    private final String counter;

    OpenWb2Topics(int gridCounter) {
        this.counter = "openWB/counter/" + gridCounter + "/get/";
    }

    @Override
    public String name() {
        return "openwb2";
    }

    @Override
    public List<String> filters() {
        var filters = new ArrayList<>(List.of(counter + "power", counter + "imported", counter + "exported",
                "openWB/pv/get/power", "openWB/pv/get/daily_exported", "openWB/pv/get/exported",
                "openWB/bat/get/power", "openWB/bat/get/soc", "openWB/counter/set/home_consumption"));
        for (String leaf : List.of("power", "imported", "plug_state", "charge_state", "connected_vehicle/config"))
            filters.add("openWB/chargepoint/+/get/" + leaf);
        return filters;
    }

    @Override
    public List<Decoded> decode(String topic, String payload) {
        if (topic.startsWith(counter)) {
            return switch (topic.substring(counter.length())) {
                case "power" -> value(SiteQuantity.GRID_POWER, Payloads.number(payload));
                case "imported" -> value(SiteQuantity.GRID_IMPORT_ENERGY, Payloads.number(payload));
                case "exported" -> value(SiteQuantity.GRID_EXPORT_ENERGY, Payloads.number(payload));
                default -> List.of();
            };
        }
        switch (topic) {
            case "openWB/pv/get/power": return value(SiteQuantity.PV_POWER, Math.max(0, -Payloads.number(payload)));
            case "openWB/pv/get/daily_exported": return value(SiteQuantity.PV_ENERGY_DAY, Payloads.number(payload));
            case "openWB/pv/get/exported": return value(SiteQuantity.PV_ENERGY_TOTAL, Payloads.number(payload));
            case "openWB/bat/get/power": return value(SiteQuantity.BATTERY_POWER, -Payloads.number(payload));
            case "openWB/bat/get/soc": return value(SiteQuantity.BATTERY_SOC, Payloads.number(payload));
            case "openWB/counter/set/home_consumption": return value(SiteQuantity.HOUSE_POWER, Payloads.number(payload));
            default: break;
        }
        var m = CP.matcher(topic);
        if (!m.matches()) return List.of();
        String cp = "openwb-" + m.group(1);
        return switch (m.group(2)) {
            case "power" -> List.of(new Value(SiteTarget.chargePoint(cp, ChargePointField.POWER), Payloads.number(payload)));
            case "imported" -> List.of(new Value(SiteTarget.chargePoint(cp, ChargePointField.ENERGY), Payloads.number(payload)));
            case "plug_state" -> List.of(new Value(SiteTarget.chargePoint(cp, ChargePointField.PLUGGED), Payloads.number(payload)));
            case "charge_state" -> List.of(new Value(SiteTarget.chargePoint(cp, ChargePointField.CHARGING), Payloads.number(payload)));
            default -> vehicle(cp, payload);
        };
    }

    private static List<Decoded> value(SiteQuantity q, double v) {
        return List.of(new Value(SiteTarget.of(q), v));
    }

    /** {"chargemode": "pv_charging", "charge_template": 1, ...}: the mode and the template to set it through. */
    private static List<Decoded> vehicle(String cp, String payload) {
        JsonNode config;
        try {
            config = Json.mapper().readTree(payload);
        } catch (RuntimeException e) {
            throw new Payloads.Malformed("not JSON: '" + Payloads.abbreviate(payload) + "'");
        }
        var out = new ArrayList<Decoded>();
        if (config.path("chargemode").isString()) out.add(new ChargeMode(cp, config.get("chargemode").asString().replace("_charging", "")));
        if (config.path("charge_template").isIntegralNumber()) out.add(new ChargeTemplate(cp, config.get("charge_template").asInt()));
        if (out.isEmpty()) throw new Payloads.Malformed("no chargemode or charge_template in '" + Payloads.abbreviate(payload) + "'");
        return out;
    }

    static String setChargeModeTopic(int template) {
        return "openWB/set/vehicle/template/charge_template/" + template + "/chargemode/selected";
    }

    /** A JSON string, as openWB 2.x expects on its set-topics. */
    static String setChargeModePayload(String mode) {
        return "\"" + (mode.equals("instant") || mode.equals("pv") || mode.equals("scheduled") ? mode + "_charging" : mode) + "\"";
    }
}
