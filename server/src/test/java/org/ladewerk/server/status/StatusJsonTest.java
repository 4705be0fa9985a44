package org.ladewerk.server.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.support.Api;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.TestStation;

/** status.json as a poller sees it: the prepared bytes, plain or gzip, with an ETag that changes only with the stations. */
class StatusJsonTest extends ServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<byte[]> get(String... headers) throws Exception {
        var r = HttpRequest.newBuilder(api().uri("/api/v1/status.json")).header("Authorization", Api.ADMIN).GET();
        for (int i = 0; i < headers.length; i += 2) r.header(headers[i], headers[i + 1]);
        return http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void etagAnswersNotModifiedUntilAStationChangesAndGzipIsTheSameDocument() throws Exception {
        String id = unique("ST-JSON");
        try (TestStation station = station(id)) {
            station.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
            await().atMost(Duration.ofSeconds(60)).until(() -> new String(get().body()).contains(id));

            HttpResponse<byte[]> plain = get();
            String etag = plain.headers().firstValue("ETag").orElseThrow();
            HttpResponse<byte[]> again = get("If-None-Match", etag);
            // the snapshot may have been rebuilt in between (other tests' stations): then the tag moved with it
            if (again.statusCode() == 200) etag = again.headers().firstValue("ETag").orElseThrow();
            else assertThat(again.statusCode()).isEqualTo(304);

            HttpResponse<byte[]> zipped = get("Accept-Encoding", "gzip");
            assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
            byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes();
            assertThat(Json.mapper().readTree(unzipped).get("stations").toString()).contains(id);
            assertThat(zipped.body().length).isLessThan(unzipped.length);

            // a status change gives a new tag and the new state
            station.call("StatusNotification", Map.of("connectorId", 1, "status", "Faulted", "errorCode", "GroundFailure"));
            String before = etag;
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<byte[]> changed = get("If-None-Match", before);
                assertThat(changed.statusCode()).isEqualTo(200);
                assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(before);
                assertThat(new String(changed.body())).contains("GroundFailure");
            });
        }
    }
}
