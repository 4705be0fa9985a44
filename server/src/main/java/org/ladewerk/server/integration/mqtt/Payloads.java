package org.ladewerk.server.integration.mqtt;

/**
 * MQTT payloads as numbers. openWB 1.9 sends plain text ("1234", "1"), 2.x JSON ("1234.5", "true",
 * "\"pv_charging\""); anything else (empty, "NaN", words) is malformed and refused.
 */
final class Payloads {
    private Payloads() {}

    static final class Malformed extends IllegalArgumentException {
        Malformed(String message) {
            super(message);
        }
    }

    static double number(String payload) {
        String p = unquote(payload);
        if (p.equalsIgnoreCase("true")) return 1;
        if (p.equalsIgnoreCase("false")) return 0;
        try {
            double v = Double.parseDouble(p);
            if (Double.isFinite(v)) return v;
        } catch (NumberFormatException e) {
            // below
        }
        throw new Malformed("not a number: '" + abbreviate(payload) + "'");
    }

    static String unquote(String payload) {
        String p = payload.trim();
        return p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"") ? p.substring(1, p.length() - 1) : p;
    }

    static String abbreviate(String payload) {
        return payload.length() <= 40 ? payload : payload.substring(0, 40) + "…";
    }
}
