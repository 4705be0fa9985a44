package org.ladewerk.simulator.ev;

import java.util.List;
import java.util.random.RandomGenerator;

/** Typical vehicles, so sessions differ in size and power like at a real site. */
public final class EvCatalog {

    public static final EvModel COMPACT = new EvModel("Compact 40 kWh", 40_000, 7_400, 1, 50_000, 80);
    public static final EvModel FAMILY = new EvModel("Family 64 kWh", 64_000, 11_000, 3, 100_000, 80);
    public static final EvModel SALOON = new EvModel("Saloon 82 kWh", 82_000, 11_000, 3, 170_000, 75);
    public static final EvModel SUV = new EvModel("SUV 95 kWh", 95_000, 22_000, 3, 150_000, 80);
    public static final EvModel VAN = new EvModel("Van 75 kWh", 75_000, 7_400, 1, 80_000, 85);

    public static final List<EvModel> ALL = List.of(COMPACT, FAMILY, SALOON, SUV, VAN);

    private EvCatalog() {
    }

    /** A random vehicle arriving with 10 to 60 % and wanting 80 to 100 %. */
    public static Ev arrival(RandomGenerator random) {
        EvModel model = ALL.get(random.nextInt(ALL.size()));
        double soc = 10 + random.nextDouble() * 50;
        double target = 80 + random.nextInt(3) * 10;
        return new Ev(model, soc, target);
    }
}
