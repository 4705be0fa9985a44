package org.ladewerk.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.springframework.test.context.TestPropertySource;

/** The API is protected, and bad input is a 4xx with a message, never a 500. */
@TestPropertySource(properties = "ladewerk.api.keys=test-key-123")
class ApiTest extends ServerTest {

    private int status(HttpRequest.Builder request) {
        return api().send(request).status();
    }

    @Test
    void pingTimeAndDocsAreOpenEverythingElseNeedsCredentials() {
        assertThat(status(HttpRequest.newBuilder(api().uri("/api/v1/ping")))).isEqualTo(200);
        assertThat(status(HttpRequest.newBuilder(api().uri("/api/v1/time")))).isEqualTo(200);
        assertThat(status(HttpRequest.newBuilder(api().uri("/v3/api-docs")))).isEqualTo(200);
        assertThat(status(HttpRequest.newBuilder(api().uri("/api/v1/stations")))).isEqualTo(401);
        assertThat(status(HttpRequest.newBuilder(api().uri("/api/v1/stations")).header("Authorization", "Basic YWRtaW46d3Jvbmc="))).isEqualTo(401);
        assertThat(status(HttpRequest.newBuilder(api().uri("/api/v1/stations")).header("X-API-Key", "wrong"))).isEqualTo(401);
        assertThat(status(HttpRequest.newBuilder(api().uri("/api/v1/stations")).header("X-API-Key", "test-key-123"))).isEqualTo(200);
        assertThat(status(HttpRequest.newBuilder(api().uri("/api/v1/CentralSystem/ChargePointList")).header("X-API-Key", "test-key-123"))).isEqualTo(200);
    }

    @Test
    void openApiDocumentListsTheCommandEndpoint() {
        assertThat(api().get("/v3/api-docs").body()).contains("/api/v1/ChargePoint/{identity}/{action}", "/api/v1/stations");
        assertThat(status(HttpRequest.newBuilder(api().uri("/docs")))).isIn(200, 302);
    }

    @Test
    void badInputIs4xxWithAMessage() {
        var r = api().get("/api/v1/transactions?from=yesterday");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).contains("from");
        assertThat(api().get("/api/v1/transactions?limit=0").status()).isEqualTo(400);
        assertThat(api().get("/api/v1/transactions/abc").status()).isEqualTo(400);
        assertThat(api().get("/api/v1/transactions/999999").status()).isEqualTo(404);
        assertThat(api().put("/api/v1/id-tags/T1", "{\"status\":\"Sleepy\"}").status()).isEqualTo(400);
        assertThat(api().put("/api/v1/id-tags/T1", "{\"maxActiveTransactions\":0}").status()).isEqualTo(400);
        assertThat(api().put("/api/v1/id-tags/" + "x".repeat(21), "{}").status()).isEqualTo(400);
        assertThat(api().post("/api/v1/id-tags", "{\"note\":\"no tag\"}").status()).isEqualTo(400);
        assertThat(api().post("/api/v1/reservations", "{\"stationId\":\"x\"}").status()).isEqualTo(400);
        assertThat(api().post("/api/v1/CentralSystem/TransactionList", "{\"dateFrom\":\"last tuesday\"}").status()).isEqualTo(400);
        assertThat(api().get("/api/v1/stations/nope").status()).isEqualTo(404);
        assertThat(api().get("/api/v1/no-such-thing").status()).isEqualTo(404);
        assertThat(api().delete("/api/v1/stations").status()).as("a bulk removal needs a criterion").isEqualTo(400);
    }

    @Test
    void idTagLifecycle() {
        String tag = unique("L", 12);
        assertThat(api().post("/api/v1/id-tags", "{\"idTag\":\"" + tag + "\",\"note\":\"card 1\"}").status()).isEqualTo(201);
        assertThat(api().post("/api/v1/id-tags", "{\"idTag\":\"" + tag + "\"}").status()).isEqualTo(409);
        assertThat(api().post("/api/v1/id-tags/" + tag + "/block", "").json().get("status").asString()).isEqualTo("Blocked");
        assertThat(api().get("/api/v1/id-tags?status=Blocked").body()).contains(tag);
        assertThat(api().post("/api/v1/id-tags/" + tag + "/unblock", "").json().get("status").asString()).isEqualTo("Accepted");
        assertThat(api().delete("/api/v1/id-tags/" + tag).status()).isEqualTo(204);
        assertThat(api().get("/api/v1/id-tags/" + tag).status()).isEqualTo(404);
    }
}
