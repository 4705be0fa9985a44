package org.ladewerk.server.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.MutableClock;

/** The model's rules without a server: staleness, the derived house load, implausible values, the simulation's balance. */
class SiteModelTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-21T10:00:00Z"));
    private final SiteModel model = new SiteModel(clock, Duration.ofSeconds(60));

    @Test
    void valuesTurnStaleAndStaleValuesDeriveNothing() {
        model.update(SiteQuantity.GRID_POWER, 1000, "t");
        model.update(SiteQuantity.PV_POWER, 3000, "t");
        model.updateChargePoint("cp", ChargePointField.POWER, 1500, "t");
        SiteView now = model.view();
        assertThat(now.fresh(SiteQuantity.HOUSE_POWER)).isEqualTo(2500);
        assertThat(now.chargingPower()).isEqualTo(1500);

        clock.now = clock.now.plusSeconds(61);
        SiteView later = model.view();
        assertThat(later.values().get(SiteQuantity.GRID_POWER).stale()).isTrue();
        assertThat(later.values().get(SiteQuantity.GRID_POWER).ageSeconds()).isEqualTo(61);
        assertThat(later.fresh(SiteQuantity.GRID_POWER)).isNull();
        assertThat(later.values()).doesNotContainKey(SiteQuantity.HOUSE_POWER);
        assertThat(later.chargingPower()).isNull();
    }

    @Test
    void chargePointsByPrefixAreTheViewsOnesWithoutTheOthers() {
        model.updateChargePoint("openwb-2", ChargePointField.POWER, 1500, "mqtt");
        model.updateChargePoint("CP-1", ChargePointField.POWER, 7000, "ocpp");
        model.updateChargePoint("openwb-1", ChargePointField.ENERGY, 42, "mqtt");
        model.updateChargePoint("openwb", ChargePointField.POWER, 1, "ocpp"); // the prefix's neighbours, not in it
        model.updateChargePoint("openwc-1", ChargePointField.POWER, 1, "ocpp");
        clock.now = clock.now.plusSeconds(61);

        assertThat(model.chargePoints("openwb-")).extracting(SiteView.ChargePointView::id).containsExactly("openwb-1", "openwb-2");
        assertThat(model.chargePoints("openwb-")).isEqualTo(model.view().chargePoints().stream()
                .filter(cp -> cp.id().startsWith("openwb-")).toList());
        assertThat(model.chargePoint("CP-1")).contains(model.view().chargePoints().stream().filter(cp -> cp.id().equals("CP-1")).findFirst().orElseThrow());
        assertThat(model.chargePoint("openwb-3")).isEmpty();
    }

    @Test
    void implausibleValuesAreRefusedAndTheLastGoodOneKept() {
        assertThat(model.update(SiteQuantity.BATTERY_SOC, 55, "t")).isTrue();
        assertThat(model.update(SiteQuantity.BATTERY_SOC, 101, "t")).isFalse();
        assertThat(model.update(SiteQuantity.GRID_POWER, Double.NaN, "t")).isFalse();
        assertThat(model.update(SiteQuantity.PV_ENERGY_TOTAL, -1, "t")).isFalse();
        assertThat(model.updateChargePoint("cp", ChargePointField.PLUGGED, 2, "t")).isFalse();
        assertThat(model.rejected()).isEqualTo(4);
        assertThat(model.view().fresh(SiteQuantity.BATTERY_SOC)).isEqualTo(55);
    }

    @Test
    void theSimulatedSiteBalancesAtTheGrid() {
        var simulation = new SimulatedSite(false, model, ZoneOffset.UTC);
        for (int hour = 0; hour < 24; hour++) {
            clock.now = Instant.parse("2026-06-21T00:00:00Z").plus(Duration.ofHours(hour));
            model.updateChargePoint("DEMO-1/1", ChargePointField.POWER, 7000, "ocpp");
            simulation.step();
            SiteView v = model.view();
            double grid = v.fresh(SiteQuantity.GRID_POWER);
            double balance = v.fresh(SiteQuantity.HOUSE_POWER) + 7000 - v.fresh(SiteQuantity.PV_POWER) - v.fresh(SiteQuantity.BATTERY_POWER);
            assertThat(grid).as("hour %d", hour).isCloseTo(balance, org.assertj.core.data.Offset.offset(2.0));
            if (hour < 6 || hour >= 20) assertThat(v.fresh(SiteQuantity.PV_POWER)).isZero();
            if (hour == 13) assertThat(v.fresh(SiteQuantity.PV_POWER)).isGreaterThan(5000);
            assertThat(v.fresh(SiteQuantity.BATTERY_SOC)).isBetween(0.0, 100.0);
        }
    }
}
