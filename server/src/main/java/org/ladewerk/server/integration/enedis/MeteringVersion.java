package org.ladewerk.server.integration.enedis;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ladewerk.server.meter.Reading;
import org.ladewerk.server.meter.Series;
import tools.jackson.databind.JsonNode;

/**
 * The two generations of Enedis' metering API: paths, query parameters and response shapes. Both
 * give local (Paris) times, and both stamp a load-curve value with the end of its interval; the
 * readings are stored at the interval's (or day's) start.
 * <ul>
 * <li>{@code v5}: {@code metering_data_clc/v5/consumption_load_curve} and siblings, parameters
 * {@code usage_point_id}, {@code start}, {@code end}; body {@code meter_reading.interval_reading[]}
 * of {@code {value, date, interval_length}}.</li>
 * <li>{@code 2026} (Data Connect "Mesures"): {@code mesure_synchrone_auto/v2/courbe_de_charge_consommation}
 * and siblings, parameters {@code pointId}, {@code dateDebut}, {@code dateFin} (max power also
 * {@code mesuresPas=P1D}, {@code grandeurPhysique=PMA}); body {@code grandeur[].points[]} of
 * {@code {v, d, p}}.</li>
 * </ul>
 */
enum MeteringVersion {
    V5 {
        @Override
        String path(Series series) {
            return switch (series) {
                case LOAD_CURVE -> "metering_data_clc/v5/consumption_load_curve";
                case DAILY -> "metering_data_dc/v5/daily_consumption";
                case MAX_POWER -> "metering_data_dcmp/v5/daily_consumption_max_power";
                case PRODUCTION_LOAD_CURVE -> "metering_data_plc/v5/production_load_curve";
                case DAILY_PRODUCTION -> "metering_data_dp/v5/daily_production";
            };
        }

        @Override
        Map<String, String> query(Series series, String usagePointId, LocalDate start, LocalDate end) {
            return params("usage_point_id", usagePointId, "start", start.toString(), "end", end.toString());
        }

        @Override
        List<Reading> parse(Series series, JsonNode body) {
            List<Reading> readings = new ArrayList<>();
            for (JsonNode r : body.path("meter_reading").path("interval_reading"))
                readings.add(reading(series, r.path("date").asString(), r.path("interval_length").asString(""), r.path("value").asString()));
            return readings;
        }
    },
    V2026 {
        @Override
        String path(Series series) {
            return "mesure_synchrone_auto/v2/" + switch (series) {
                case LOAD_CURVE -> "courbe_de_charge_consommation";
                case DAILY -> "consommation_quotidienne";
                case MAX_POWER -> "puissance_conso_max_quotidienne";
                case PRODUCTION_LOAD_CURVE -> "courbe_de_charge_production";
                case DAILY_PRODUCTION -> "production_quotidienne";
            };
        }

        @Override
        Map<String, String> query(Series series, String usagePointId, LocalDate start, LocalDate end) {
            if (series == Series.MAX_POWER)
                return params("pointId", usagePointId, "dateDebut", start.toString(), "dateFin", end.toString(),
                        "mesuresPas", "P1D", "grandeurPhysique", "PMA");
            return params("pointId", usagePointId, "dateDebut", start.toString(), "dateFin", end.toString());
        }

        @Override
        List<Reading> parse(Series series, JsonNode body) {
            List<Reading> readings = new ArrayList<>();
            for (JsonNode g : body.path("grandeur"))
                for (JsonNode p : g.path("points"))
                    readings.add(reading(series, p.path("d").asString(), p.path("p").asString(""), p.path("v").asString()));
            return readings;
        }
    };

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd[ ]['T']HH:mm[:ss]");

    abstract String path(Series series);

    abstract Map<String, String> query(Series series, String usagePointId, LocalDate start, LocalDate end);

    abstract List<Reading> parse(Series series, JsonNode body);

    private static Map<String, String> params(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put(keysAndValues[i], keysAndValues[i + 1]);
        return map;
    }

    static MeteringVersion of(String setting) {
        return setting.equals("v5") ? V5 : V2026;
    }

    /** A value at its interval's start for load curves, at its day's start (Paris) otherwise. */
    static Reading reading(Series series, String date, String intervalLength, String value) {
        long v = Math.round(Double.parseDouble(value));
        if (date.length() == 10) return new Reading(LocalDate.parse(date).atStartOfDay(PARIS).toInstant(), v);
        LocalDateTime local = LocalDateTime.parse(date, LOCAL);
        if (series != Series.LOAD_CURVE && series != Series.PRODUCTION_LOAD_CURVE)
            return new Reading(local.toLocalDate().atStartOfDay(PARIS).toInstant(), v);
        Duration step = intervalLength.isBlank() ? Duration.ofMinutes(30) : Duration.parse(intervalLength);
        return new Reading(ZonedDateTime.ofLocal(local, PARIS, null).toInstant().minus(step), v);
    }
}
