package org.ladewerk.server.meter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.meter.ImportWindows.Window;

class ImportWindowsTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 20);

    @Test
    void windowsAreCappedByTheSeriesLimitAndEndTodayAtTheLatest() {
        assertThat(ImportWindows.next(Series.LOAD_CURVE, LocalDate.of(2026, 11, 1), TODAY))
                .contains(new Window(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 8)));
        assertThat(ImportWindows.next(Series.DAILY, LocalDate.of(2024, 1, 1), TODAY))
                .contains(new Window(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
        assertThat(ImportWindows.next(Series.LOAD_CURVE, LocalDate.of(2026, 11, 17), TODAY))
                .contains(new Window(LocalDate.of(2026, 11, 17), TODAY));
        assertThat(ImportWindows.next(Series.LOAD_CURVE, TODAY, TODAY)).isEmpty();
    }

    @Test
    void theLastWindowOnlyMovesPastDaysThatHadData() {
        var old = new Window(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 8));
        assertThat(ImportWindows.markerAfter(old, TODAY, null)).isEqualTo(old.end());
        var last = new Window(LocalDate.of(2026, 11, 15), TODAY);
        assertThat(ImportWindows.markerAfter(last, TODAY, LocalDate.of(2026, 11, 19))).isEqualTo(TODAY);
        assertThat(ImportWindows.markerAfter(last, TODAY, LocalDate.of(2026, 11, 17))).isEqualTo(LocalDate.of(2026, 11, 18));
        assertThat(ImportWindows.markerAfter(last, TODAY, null)).isEqualTo(last.start());
    }

    @Test
    void backfillStartsAtTheSeriesHistory() {
        assertThat(ImportWindows.initialMarker(Series.LOAD_CURVE, TODAY)).isEqualTo(LocalDate.of(2024, 11, 20));
        assertThat(ImportWindows.initialMarker(Series.DAILY, TODAY)).isEqualTo(LocalDate.of(2023, 11, 20));
    }
}
