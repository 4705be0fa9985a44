package org.ladewerk.server.meter;

import java.time.LocalDate;
import java.util.List;

/**
 * What the import needs from a meter-data provider: one series of one usage point for the days
 * {@code [start, end)}. The Enedis adapters (v5 metering and the Data Connect API that replaces it)
 * sit behind it, with their tokens; nothing about HTTP, OAuth2 or response shapes leaks out.
 */
public interface MeterDataApi {

    /** @throws MeterDataException when the provider refuses or fails; its kind says what to do next */
    List<Reading> fetch(Series series, String usagePointId, LocalDate start, LocalDate end);
}
