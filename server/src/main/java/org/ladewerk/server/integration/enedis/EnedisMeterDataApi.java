package org.ladewerk.server.integration.enedis;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.ladewerk.server.meter.MeterDataApi;
import org.ladewerk.server.meter.MeterDataException;
import org.ladewerk.server.meter.MeterDataException.Kind;
import org.ladewerk.server.meter.Reading;
import org.ladewerk.server.meter.Series;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Enedis' metering endpoints over HTTP, for either API generation ({@link MeteringVersion}): the
 * request is paced to the quota, authorised with the meter's token, and its status mapped to what
 * the import does next (429 with its Retry-After, 403 consent withdrawn, 404 no data, ADAM-ERR0123
 * before the meter's activation, 5xx retry later). A 401 drops the stored token so the next
 * request renews it.
 */
final class EnedisMeterDataApi implements MeterDataApi {
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofMinutes(1);

    private final EnedisProperties properties;
    private final EnedisTokens tokens;
    private final MeteringVersion version;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private long nextRequestNanos;

    EnedisMeterDataApi(EnedisProperties properties, EnedisTokens tokens, ObjectMapper json) {
        this.properties = properties;
        this.tokens = tokens;
        this.version = MeteringVersion.of(properties.apiVersion());
        this.json = json;
    }

    @Override
    public List<Reading> fetch(Series series, String usagePointId, LocalDate start, LocalDate end) {
        if (!properties.enabled()) throw new MeterDataException(Kind.UNAVAILABLE, "Enedis is not configured (ladewerk.enedis.client-id)");
        String query = version.query(series, usagePointId, start, end).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = URI.create(properties.baseUrl() + "/" + version.path(series) + "?" + query);
        String token = tokens.accessToken(usagePointId);
        HttpResponse<String> response;
        try {
            pace();
            response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new MeterDataException(Kind.UNAVAILABLE, series.path + " " + start + ".." + end + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeterDataException(Kind.UNAVAILABLE, "interrupted");
        }
        int status = response.statusCode();
        if (status == 200) return version.parse(series, json.readTree(response.body()));
        String what = series.path + " " + start + ".." + end + ": HTTP " + status + " " + describe(response.body());
        throw switch (status) {
            case 429 -> new MeterDataException(Kind.RATE_LIMITED, what, retryAfter(response));
            case 403 -> new MeterDataException(Kind.CONSENT_REVOKED, what);
            case 404 -> new MeterDataException(Kind.NO_DATA, what);
            case 401 -> {
                tokens.invalidate(usagePointId);
                yield new MeterDataException(Kind.UNAVAILABLE, what);
            }
            case 400 -> new MeterDataException(response.body().contains("ADAM-ERR0123") ? Kind.BEFORE_ACTIVATION : Kind.REJECTED, what);
            default -> new MeterDataException(status >= 500 ? Kind.UNAVAILABLE : Kind.REJECTED, what);
        };
    }

    /** Keeps this node under the per-second quota. */
    private void pace() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long at = Math.max(now, nextRequestNanos);
            nextRequestNanos = at + properties.requestInterval().toNanos();
            wait = at - now;
        }
        if (wait > 0) Thread.sleep(Duration.ofNanos(wait));
    }

    private static Duration retryAfter(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Math.max(1, Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                return DEFAULT_RETRY_AFTER; // an HTTP date: wait the default rather than trust the clocks
            }
        }).orElse(DEFAULT_RETRY_AFTER);
    }

    /** The error fields of an Enedis error body, never more than a short line. */
    private String describe(String body) {
        try {
            JsonNode node = json.readTree(body);
            String text = node.path("error").asString("") + " " + node.path("error_description").asString("");
            if (text.isBlank()) text = node.path("message").asString("");
            return text.strip().length() > 300 ? text.strip().substring(0, 300) : text.strip();
        } catch (RuntimeException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }
}
