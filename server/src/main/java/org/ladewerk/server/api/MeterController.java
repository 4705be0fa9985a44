package org.ladewerk.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.ladewerk.server.meter.Meter;
import org.ladewerk.server.meter.MeterImporter;
import org.ladewerk.server.meter.MeterStore;
import org.ladewerk.server.meter.Reading;
import org.ladewerk.server.meter.Series;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Consented smart meters, their import state and their imported series (JSON or CSV). */
@RestController
@Tag(name = "Meters")
public class MeterController {

    private static final Duration MAX_RANGE = Duration.ofDays(400);

    public record MeterView(String usagePointId, String owner, Meter.Status status, Boolean produces, Instant createdAt,
                            Instant lastImportAt, Instant nextImportAt, String lastError, Instant lastErrorAt,
                            Map<String, LocalDate> fetchedUntil) {}

    public record SeriesView(String usagePointId, String series, String unit, Instant from, Instant to, List<Reading> readings) {}

    public record Reimport(LocalDate from) {}

    private final MeterStore meters;
    private final MeterImporter importer;

    public MeterController(MeterStore meters, MeterImporter importer) {
        this.meters = meters;
        this.importer = importer;
    }

    @GetMapping("/api/v1/meters")
    @Operation(summary = "Consented meters with their import state and last error",
            description = "fetchedUntil: per series, the first day (Paris) not imported yet.")
    public List<MeterView> list() {
        return meters.list().stream().map(MeterController::view).toList();
    }

    @GetMapping("/api/v1/meters/{usagePointId}/{series:load-curve|daily|max-power|production-load-curve|daily-production}")
    @Operation(summary = "One imported series in [from, to), as JSON or CSV (Accept: text/csv or format=csv)",
            description = "from/to: a day (YYYY-MM-DD, Paris) or an ISO-8601 instant; default the last 7 days. Readings are "
                    + "stamped with the start of their 30-minute interval (load curves, W) or day (daily Wh, max power VA).")
    public SeriesView series(@PathVariable String usagePointId, @PathVariable String series, @RequestParam(required = false) String from,
                             @RequestParam(required = false) String to, @RequestParam(required = false) String format,
                             @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                             HttpServletResponse response) throws IOException {
        meters.find(usagePointId).orElseThrow(() -> ApiError.notFound("no meter " + usagePointId));
        Series s = Series.byPath(series).orElseThrow();
        Instant end = to == null ? importer.now() : time("to", to);
        Instant start = from == null ? end.minus(Duration.ofDays(7)) : time("from", from);
        if (!start.isBefore(end)) throw ApiError.badRequest("from must be before to");
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) throw ApiError.badRequest("at most 400 days per request");
        List<Reading> readings = meters.readings(usagePointId, s, start, end);
        if ("csv".equals(format) || (format == null && accept != null && accept.contains("text/csv"))) {
            response.setContentType("text/csv;charset=UTF-8");
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + usagePointId + "-" + series + ".csv\"");
            try (var csv = new CSVPrinter(response.getWriter(), CSVFormat.RFC4180.builder().setHeader("ts", "value", "unit").get())) {
                for (Reading r : readings) csv.printRecord(r.ts(), r.value(), s.unit);
            }
            return null;
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        return new SeriesView(usagePointId, series, s.unit, start, end, readings);
    }

    @PostMapping("/api/v1/meters/{usagePointId}/reimport")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Import again every series from a day on (the values are replaced, never doubled)",
            description = "Body {\"from\":\"2026-01-01\"}; the meter is imported right away, in windows, up to yesterday.")
    public Map<String, Object> reimport(@PathVariable String usagePointId, @RequestBody Reimport body) {
        if (body == null || body.from() == null) throw ApiError.badRequest("from (a day, YYYY-MM-DD) is required");
        LocalDate today = LocalDate.ofInstant(importer.now(), MeterImporter.PARIS);
        if (!body.from().isBefore(today)) throw ApiError.badRequest("from must be before today");
        if (!meters.reimport(usagePointId, body.from(), importer.now())) throw ApiError.notFound("no meter " + usagePointId);
        importer.wake();
        var result = new LinkedHashMap<String, Object>();
        result.put("usagePointId", usagePointId);
        result.put("from", body.from());
        return result;
    }

    private static Instant time(String name, String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(MeterImporter.PARIS).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(name + " must be a day (YYYY-MM-DD) or an ISO-8601 instant, not '" + value + "'");
        }
    }

    private static MeterView view(Meter m) {
        var fetched = new LinkedHashMap<String, LocalDate>();
        m.markers().forEach((s, d) -> fetched.put(s.path, d));
        return new MeterView(m.usagePointId(), m.owner(), m.status(), m.produces(), m.createdAt(), m.lastImportAt(), m.nextImportAt(),
                m.lastError(), m.lastErrorAt(), fetched);
    }
}
