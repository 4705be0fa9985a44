package org.ladewerk.server.site;

/**
 * Where a value goes in the site model: a site quantity ({@code grid.power}) or a field of one charge
 * point ({@code chargepoint.<id>.power}). Parsed from configuration, so a typo fails at start.
 */
public record SiteTarget(SiteQuantity quantity, String chargePoint, ChargePointField field) {

    public static SiteTarget of(SiteQuantity quantity) {
        return new SiteTarget(quantity, null, null);
    }

    public static SiteTarget chargePoint(String id, ChargePointField field) {
        return new SiteTarget(null, id, field);
    }

    public static SiteTarget parse(String key) {
        if (key != null && key.startsWith("chargepoint.")) {
            int dot = key.lastIndexOf('.');
            String id = key.substring("chargepoint.".length(), Math.max(dot, "chargepoint.".length()));
            var field = ChargePointField.byKey(key.substring(dot + 1));
            if (!id.isEmpty() && field.isPresent()) return chargePoint(id, field.get());
        } else if (key != null) {
            var quantity = SiteQuantity.byKey(key);
            if (quantity.isPresent()) return of(quantity.get());
        }
        throw new IllegalArgumentException("unknown site value '" + key + "': use one of "
                + java.util.Arrays.stream(SiteQuantity.values()).map(SiteQuantity::key).toList()
                + " or chargepoint.<id>.(power|energy|plugged|charging)");
    }

    public Unit unit() {
        return quantity != null ? quantity.unit() : field.unit();
    }

    /** Writes a normalised value into the model; false when the model refused it as implausible. */
    public boolean apply(SiteModel model, double value, String source) {
        return quantity != null ? model.update(quantity, value, source) : model.updateChargePoint(chargePoint, field, value, source);
    }

    @Override
    public String toString() {
        return quantity != null ? quantity.key() : "chargepoint." + chargePoint + "." + field.key();
    }
}
