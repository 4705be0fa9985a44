package org.ladewerk.server.site;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Random;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A made-up home for demos ({@code ladewerk.site.simulated=true}): 8 kWp of PV following the sun of
 * the server's time zone, a house load with morning and evening peaks, and a 10 kWh battery that
 * stores surplus and covers deficits. The grid balances whatever is left, including what the site's
 * charge points (the demo stations) draw, so the site page shows a consistent power flow.
 */
@Component
class SimulatedSite implements SiteSource, DisposableBean {

    static final String NAME = "simulation";
    private static final Duration STEP = Duration.ofSeconds(5);
    private static final double PV_PEAK_W = 8000;
    private static final double BATTERY_WH = 10_000;
    private static final double BATTERY_MAX_W = 3000;

    private final SiteModel model;
    private final boolean enabled;
    private final ZoneId zone;
    private final Random random = new Random();
    private final Ticker ticker;
    private double socWh = BATTERY_WH / 2;
    private double pvEnergyDayWh;
    private double pvEnergyTotalWh = 1_234_000;
    private double importWh = 5_678_000;
    private double exportWh = 2_345_000;
    private int day = -1;

    @Autowired
    SimulatedSite(SiteProperties properties, SiteModel model) {
        this(properties.simulated(), model, Clock.systemDefaultZone().getZone());
    }

    SimulatedSite(boolean enabled, SiteModel model, ZoneId zone) {
        this.model = model;
        this.enabled = enabled;
        this.zone = zone;
        if (!enabled) {
            ticker = null;
            return;
        }
        ticker = Ticker.every("site-simulation", Duration.ZERO, STEP, this::step);
    }

    /** One step of STEP length at the model's current time. */
    synchronized void step() {
        ZonedDateTime t = model.now().atZone(zone);
        double hour = t.getHour() + t.getMinute() / 60.0 + t.getSecond() / 3600.0;
        if (t.getDayOfYear() != day) {
            day = t.getDayOfYear();
            pvEnergyDayWh = 0;
        }
        // daylight 6:00 to 20:00 with a sine, and passing clouds
        double sun = hour > 6 && hour < 20 ? Math.sin(Math.PI * (hour - 6) / 14) : 0;
        double pv = Math.max(0, PV_PEAK_W * sun * (0.85 + 0.15 * random.nextDouble()));
        double house = 350 + 900 * bump(hour, 7.5, 1) + 1500 * bump(hour, 19, 1.5) + 150 * random.nextDouble();
        double charging = model.view().chargingPower() instanceof Double c ? c : 0;
        double surplus = pv - house - charging;
        double hours = STEP.toMillis() / 3_600_000.0;
        double battery; // + discharge / − charge
        if (surplus > 0) battery = -Math.min(Math.min(surplus, BATTERY_MAX_W), (BATTERY_WH - socWh) / hours);
        else battery = Math.min(Math.min(-surplus, BATTERY_MAX_W), Math.max(0, socWh - 0.1 * BATTERY_WH) / hours);
        socWh -= battery * hours;
        double grid = house + charging - pv - battery;
        pvEnergyDayWh += pv * hours;
        pvEnergyTotalWh += pv * hours;
        if (grid > 0) importWh += grid * hours;
        else exportWh -= grid * hours;

        model.update(SiteQuantity.PV_POWER, Math.round(pv), NAME);
        model.update(SiteQuantity.HOUSE_POWER, Math.round(house), NAME);
        model.update(SiteQuantity.BATTERY_POWER, Math.round(battery), NAME);
        model.update(SiteQuantity.BATTERY_SOC, Math.round(100 * socWh / BATTERY_WH), NAME);
        model.update(SiteQuantity.GRID_POWER, Math.round(grid), NAME);
        model.update(SiteQuantity.PV_ENERGY_DAY, Math.round(pvEnergyDayWh), NAME);
        model.update(SiteQuantity.PV_ENERGY_TOTAL, Math.round(pvEnergyTotalWh), NAME);
        model.update(SiteQuantity.GRID_IMPORT_ENERGY, Math.round(importWh), NAME);
        model.update(SiteQuantity.GRID_EXPORT_ENERGY, Math.round(exportWh), NAME);
    }

    private static double bump(double hour, double centre, double width) {
        double d = (hour - centre) / width;
        return Math.exp(-d * d);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean active() {
        return enabled;
    }

    @Override
    public Map<String, Object> status() {
        return Map.of("pvPeakW", PV_PEAK_W, "batteryWh", BATTERY_WH);
    }

    @Override
    public void destroy() {
        if (ticker != null) ticker.close();
    }
}
