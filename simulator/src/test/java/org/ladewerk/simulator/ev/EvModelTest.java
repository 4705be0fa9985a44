package org.ladewerk.simulator.ev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EvModelTest {

    private final EvModel car = new EvModel("test", 60_000, 11_000, 3, 120_000, 80);

    @Test
    void fullPowerUntilTheTaperThenLessAndNothingWhenFull() {
        assertThat(car.batteryAcceptanceW(10)).isEqualTo(120_000);
        assertThat(car.batteryAcceptanceW(80)).isEqualTo(120_000);
        assertThat(car.batteryAcceptanceW(90)).isEqualTo(60_000, within(1e-6));
        assertThat(car.batteryAcceptanceW(99.5)).isEqualTo(6_000, within(1e-6));
        assertThat(car.batteryAcceptanceW(100)).isZero();
    }

    @Test
    void onAcTheOnBoardChargerLimitsUntilTheBatteryTakesLess() {
        assertThat(car.acceptedPowerW(false, 50)).isEqualTo(11_000);
        assertThat(car.acceptedPowerW(true, 50)).isEqualTo(120_000);
        // 98 %: the battery takes 12 kW, still above the on-board charger
        assertThat(car.acceptedPowerW(false, 98)).isEqualTo(11_000);
        assertThat(car.acceptedPowerW(false, 99.5)).isEqualTo(6_000, within(1e-6));
    }

    @Test
    void drawIsTheLowerOfOfferAndAcceptance() {
        var ev = new Ev(car, 50, 100);
        assertThat(ev.draw(false, 7_000)).isEqualTo(7_000);
        assertThat(ev.draw(false, 22_000)).isEqualTo(11_000);
        assertThat(ev.draw(true, 50_000)).isEqualTo(50_000);
        assertThat(ev.draw(true, 0)).isZero();
    }

    @Test
    void chargingAddsEnergyAndStopsAtTheTarget() {
        var ev = new Ev(car, 20, 80);
        double wh = ev.charge(11_000, 3600);
        assertThat(wh).isEqualTo(11_000, within(1e-6));
        assertThat(ev.socPercent()).isEqualTo(20 + 11_000.0 / 60_000 * 100, within(1e-9));
        // 80 % of 60 kWh is 48 kWh; from 38.33 % only 25 kWh fit
        double rest = ev.charge(120_000, 3600);
        assertThat(rest).isEqualTo(60_000 * (80 - 20 - 11_000.0 / 600) / 100, within(1e-6));
        assertThat(ev.full()).isTrue();
        assertThat(ev.draw(false, 11_000)).isZero();
        assertThat(ev.charge(11_000, 60)).isZero();
    }

    @Test
    void aSessionAlwaysEndsBecauseTheTaperHasAFloor() {
        var ev = new Ev(EvCatalog.FAMILY, 10, 100);
        int minutes = 0;
        while (!ev.full() && minutes < 24 * 60) {
            ev.charge(ev.draw(false, 11_000), 60);
            minutes++;
        }
        assertThat(ev.full()).isTrue();
        // 57.6 kWh at 11 kW takes a bit over five hours, the taper adds some
        assertThat(minutes).isBetween(5 * 60, 8 * 60);
    }

    @Test
    void impossibleVehiclesAreRefused() {
        assertThatThrownBy(() -> new EvModel("x", 0, 1, 1, 1, 80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EvModel("x", 1, 1, 4, 1, 80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ev(car, 101, 80)).isInstanceOf(IllegalArgumentException.class);
    }
}
