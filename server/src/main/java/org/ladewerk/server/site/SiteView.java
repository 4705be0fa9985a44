package org.ladewerk.server.site;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ladewerk.ocpp.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * The site as of one instant: what {@code GET /api/v1/site}, {@code site.updated}, the NRGkick
 * listener, the MQTT publisher and the snapshots all read. Only fresh values count towards derived
 * ones (house load, total charging power); stale ones are still shown, marked stale.
 */
public record SiteView(Instant at, Duration staleAfter, Map<SiteQuantity, Value> values, Double chargingPower,
                       List<ChargePointView> chargePoints) {

    public record Value(double value, String unit, Instant at, double ageSeconds, boolean stale, String source) {
        static Value of(Reading r, Unit unit, Instant now, Duration staleAfter) {
            return new Value(r.value(), unit.symbol(), r.at(), r.age(now).toMillis() / 1000.0, !r.fresh(now, staleAfter), r.source());
        }
    }

    public record ChargePointView(String id, String source, Map<ChargePointField, Value> values, String chargeMode) {
        public Double fresh(ChargePointField field) {
            Value v = values.get(field);
            return v == null || v.stale() ? null : v.value();
        }
    }

    static SiteView of(Instant at, Duration staleAfter, EnumMap<SiteQuantity, Value> values, List<ChargePointView> points) {
        Double charging = null;
        for (ChargePointView cp : points) {
            Double p = cp.fresh(ChargePointField.POWER);
            if (p != null) charging = (charging == null ? 0 : charging) + p;
        }
        var view = new SiteView(at, staleAfter, values, charging, points);
        Value house = values.get(SiteQuantity.HOUSE_POWER);
        if (house == null || house.stale()) {
            Double derived = view.derivedHouse();
            if (derived != null) values.put(SiteQuantity.HOUSE_POWER, new Value(derived, Unit.W.symbol(), at, 0, false, "derived"));
        }
        return view;
    }

    /** House load = grid import + PV + battery discharge − charging, when grid and PV are fresh (never below 0). */
    private Double derivedHouse() {
        Double grid = fresh(SiteQuantity.GRID_POWER);
        Double pv = fresh(SiteQuantity.PV_POWER);
        if (grid == null || pv == null) return null;
        Double battery = fresh(SiteQuantity.BATTERY_POWER);
        double house = grid + pv + (battery == null ? 0 : battery) - (chargingPower == null ? 0 : chargingPower);
        return Math.max(0, house);
    }

    /** The value if it is known and fresh, else null: what NRGkick and snapshots may use as live. */
    public Double fresh(SiteQuantity q) {
        Value v = values.get(q);
        return v == null || v.stale() ? null : v.value();
    }

    /** {"at", "staleAfterSeconds", "grid": {"power": {value, unit, at, ageSeconds, stale, source}, ...}, ..., "chargingPower", "chargePoints": [...]}. */
    public ObjectNode json() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("at", at.toString());
        root.put("staleAfterSeconds", staleAfter.toSeconds());
        for (SiteQuantity q : SiteQuantity.values()) {
            ObjectNode group = root.has(q.group()) ? (ObjectNode) root.get(q.group()) : root.putObject(q.group());
            Value v = values.get(q);
            if (v != null) group.set(q.field(), Json.mapper().valueToTree(v));
        }
        if (chargingPower != null) root.put("chargingPower", chargingPower);
        else root.putNull("chargingPower");
        var list = root.putArray("chargePoints");
        for (ChargePointView cp : chargePoints) {
            ObjectNode node = list.addObject().put("id", cp.id()).put("source", cp.source());
            cp.values().forEach((f, v) -> {
                ObjectNode value = Json.mapper().valueToTree(v);
                if (f.unit() == Unit.FLAG) value.put("value", v.value() != 0).remove("unit");
                node.set(f.key(), value);
            });
            if (cp.chargeMode() != null) node.put("chargeMode", cp.chargeMode());
        }
        return root;
    }
}
