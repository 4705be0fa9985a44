package org.ladewerk.simulator.station;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.ladewerk.ocpp.v16.SampledValue;
import org.ladewerk.simulator.smartcharging.Electrical;

/** Turns a connector's electrical state into the sampled values its meter reports. */
final class Metering {

    private static final String[] PHASES = {"L1", "L2", "L3"};

    private Metering() {
    }

    static List<SampledValue> sample(Connector c, List<String> measurands, String context, RandomGenerator random) {
        var out = new ArrayList<SampledValue>();
        Electrical supply = c.supply();
        for (String m : measurands) {
            switch (m) {
                case "Energy.Active.Import.Register" -> out.add(value(Long.toString(Math.round(c.meterWh)), context, m, null, null, "Wh"));
                case "Power.Active.Import" -> out.add(value(num(c.powerW), context, m, null, null, "W"));
                case "Power.Offered" -> out.add(value(num(c.offeredW), context, m, null, null, "W"));
                case "Current.Offered" -> out.add(value(num(supply.amperes(c.offeredW)), context, m, null, null, "A"));
                case "Current.Import" -> {
                    if (supply.dc()) {
                        out.add(value(num(supply.amperes(c.powerW)), context, m, null, null, "A"));
                    } else {
                        double perPhase = supply.amperes(c.powerW);
                        for (int p = 0; p < 3; p++)
                            out.add(value(num(p < supply.phases() ? perPhase : 0), context, m, PHASES[p], null, "A"));
                    }
                }
                case "Voltage" -> {
                    if (supply.dc()) {
                        out.add(value(num(supply.voltage() + noise(random, 2)), context, m, null, null, "V"));
                    } else {
                        for (int p = 0; p < 3; p++)
                            out.add(value(num(supply.voltage() + noise(random, 2)), context, m, PHASES[p] + "-N", null, "V"));
                    }
                }
                case "SoC" -> {
                    if (c.ev != null) out.add(value(Long.toString(Math.round(c.ev.socPercent())), context, m, null, "EV", "Percent"));
                }
                case "Temperature" -> out.add(value(num(22 + c.powerW / 2000 + noise(random, 0.5)), context, m, null, "Body", "Celsius"));
                default -> { }
            }
        }
        return out;
    }

    private static SampledValue value(String v, String context, String measurand, String phase, String location, String unit) {
        // Energy.Active.Import.Register is the OCPP default measurand; it is still named so every value says what it is.
        return new SampledValue(v, context, null, measurand, phase, location, unit);
    }

    private static double noise(RandomGenerator random, double amplitude) {
        return (random.nextDouble() * 2 - 1) * amplitude;
    }

    /** One decimal; cheaper than String.format, which a load run would call ten thousand times a second. */
    static String num(double v) {
        long tenths = Math.round(v * 10);
        long whole = Math.abs(tenths) / 10;
        return (tenths < 0 ? "-" : "") + whole + "." + Math.abs(tenths) % 10;
    }
}
