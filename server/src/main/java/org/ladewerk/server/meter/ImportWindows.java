package org.ladewerk.server.meter;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Where an import starts and which days each request asks for. Days are Paris days; a day's data
 * appears from the next day, so a window ends at today (exclusive) at the latest and today is never
 * asked for. A marker is the first day not yet fetched: windows are contiguous, so no day is lost at
 * a window edge, and a window that reaches today only moves the marker past the days that came back
 * with data, so a day Enedis has not published yet is asked for again on the next run.
 */
public final class ImportWindows {
    private ImportWindows() {}

    /** {@code [start, end)} */
    public record Window(LocalDate start, LocalDate end) {}

    public static LocalDate initialMarker(Series series, LocalDate today) {
        return today.minusMonths(series.monthsBack);
    }

    public static Optional<Window> next(Series series, LocalDate marker, LocalDate today) {
        if (!marker.isBefore(today)) return Optional.empty();
        LocalDate end = marker.plusDays(series.maxDays);
        return Optional.of(new Window(marker, end.isAfter(today) ? today : end));
    }

    /**
     * The marker after a window was fetched. {@code lastDayWithData} is the last day that came back
     * with values (null: none).
     */
    public static LocalDate markerAfter(Window window, LocalDate today, LocalDate lastDayWithData) {
        if (window.end().isBefore(today)) return window.end();
        if (lastDayWithData == null || lastDayWithData.isBefore(window.start())) return window.start();
        LocalDate after = lastDayWithData.plusDays(1);
        return after.isAfter(window.end()) ? window.end() : after;
    }
}
