package org.ladewerk.server.integration.nrgkick;

import java.util.List;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.site.SiteQuantity;
import org.ladewerk.server.site.SiteView;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two documents of the NRGkick Custom API. {@code info.json}: {@code device_info} with
 * {@code inverters}, {@code energy_meters}, {@code batteries}, {@code smart_loads}, each keyed "0".."4"
 * (one battery and one smart load at most). {@code values.json}: {@code device_values} with the same
 * keys and {@code load_power_w}. Powers in W (grid + import / − feed-in, battery + discharge / − charge),
 * energies in Wh, SoC in %. A value that is unknown or stale is left out, never served as live.
 */
final class NrgkickDocuments {

    private final NrgkickProperties devices;

    NrgkickDocuments(NrgkickProperties devices) {
        this.devices = devices;
    }

    String info() {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode info = root.putObject("device_info");
        ObjectNode inverters = info.putObject("inverters");
        list(devices.inverters(), i -> describe(inverters.putObject(i.key()), i.device())
                .put("max_dc_w", i.device().maxDcW()).put("max_ac_w", i.device().maxAcW()));
        ObjectNode meters = info.putObject("energy_meters");
        list(devices.energyMeters(), m -> describe(meters.putObject(m.key()), m.device()).put("location", m.device().location()));
        if (devices.battery() != null)
            describe(info.putObject("batteries").putObject("0"), devices.battery()).put("capacity_wh", devices.battery().capacityWh());
        if (devices.smartLoad() != null) describe(info.putObject("smart_loads").putObject("0"), devices.smartLoad());
        return withoutNulls(root).toString();
    }

    String values(SiteView site) {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode values = root.putObject("device_values");
        ObjectNode inverter = values.putObject("inverters").putObject("0");
        inverter.put("inv_power_ac_w", watts(site.fresh(SiteQuantity.PV_POWER)));
        inverter.put("pv_energy_day_wh", watts(site.fresh(SiteQuantity.PV_ENERGY_DAY)));
        inverter.put("pv_energy_total_wh", watts(site.fresh(SiteQuantity.PV_ENERGY_TOTAL)));
        inverter.put("battery_connected", devices.battery() != null);
        values.putObject("energy_meters").putObject("0").put("grid_power_w", watts(site.fresh(SiteQuantity.GRID_POWER)));
        if (devices.battery() != null) {
            ObjectNode battery = values.putObject("batteries").putObject("0");
            battery.put("bat_power_w", watts(site.fresh(SiteQuantity.BATTERY_POWER)));
            battery.put("soc", watts(site.fresh(SiteQuantity.BATTERY_SOC)));
            battery.put("mode", devices.battery().mode());
        }
        if (devices.smartLoad() != null) {
            ObjectNode load = values.putObject("smart_loads").putObject("0");
            load.put("sl_power_w", watts(site.fresh(SiteQuantity.SMART_LOAD_POWER)));
            Double temp = site.fresh(SiteQuantity.SMART_LOAD_TEMPERATURE);
            load.put("temp", temp == null ? null : Math.round(temp * 10) / 10.0);
        }
        values.put("load_power_w", watts(site.fresh(SiteQuantity.HOUSE_POWER)));
        return withoutNulls(root).toString();
    }

    private record Indexed(String key, NrgkickProperties.Device device) {}

    private static void list(List<NrgkickProperties.Device> list, java.util.function.Consumer<Indexed> action) {
        for (int i = 0; i < list.size(); i++) action.accept(new Indexed(Integer.toString(i), list.get(i)));
    }

    private static ObjectNode describe(ObjectNode node, NrgkickProperties.Device d) {
        return node.put("name", d.name()).put("model", d.model()).put("serial", d.serial());
    }

    private static Long watts(Double v) {
        return v == null ? null : Math.round(v);
    }

    /** Leaves out unknown fields, and devices (and sections) that are left with nothing. */
    private static ObjectNode withoutNulls(ObjectNode node) {
        for (String name : List.copyOf(node.propertyNames())) {
            var child = node.get(name);
            if (child.isNull()) node.remove(name);
            else if (child.isObject() && withoutNulls((ObjectNode) child).isEmpty()) node.remove(name);
        }
        return node;
    }
}
