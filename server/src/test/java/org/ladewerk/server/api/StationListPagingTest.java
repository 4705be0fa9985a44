package org.ladewerk.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.support.Api;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.TestStation;
import tools.jackson.databind.JsonNode;

/** The station list comes a page at a time, with the total in X-Total-Count and each station's own connectors. */
class StationListPagingTest extends ServerTest {

    @Test
    void pagesByIdWithTheTotalAndTheConnectorsOfEachShownStation() throws Exception {
        String prefix = unique("PAGE");
        List<String> ids = IntStream.range(0, 5).mapToObj(i -> prefix + "-" + i).toList();
        for (String id : ids.subList(1, 5)) assertThat(api().put("/api/v1/stations/" + id, "{}").status()).isEqualTo(201);
        try (TestStation station = station(ids.getFirst())) {
            station.call("BootNotification", Map.of("chargePointVendor", "Ladewerk", "chargePointModel", "Page"));
            station.call("StatusNotification", Map.of("connectorId", 1, "errorCode", "NoError", "status", "Preparing"));
            await().atMost(Duration.ofSeconds(10)).until(() -> page("?q=" + prefix + "&online=true").body().size() == 1);

            var first = page("?q=" + prefix + "&limit=2");
            assertThat(first.total()).isEqualTo(5);
            assertThat(ids(first.body())).containsExactly(ids.get(0), ids.get(1));
            assertThat(first.body().get(0).get("connectors").get(0).get("status").asString()).isEqualTo("Preparing");
            assertThat(first.body().get(1).get("connectors")).isEmpty();

            var last = page("?q=" + prefix + "&limit=2&offset=4");
            assertThat(ids(last.body())).containsExactly(ids.get(4));
            assertThat(last.total()).isEqualTo(5);
            assertThat(ids(page("?q=" + prefix).body())).as("without limit: up to 1000, all of a small fleet").containsExactlyElementsOf(ids);

            var offline = page("?q=" + prefix + "&online=false&limit=3&offset=1");
            assertThat(offline.total()).isEqualTo(4);
            assertThat(ids(offline.body())).containsExactly(ids.get(2), ids.get(3), ids.get(4));
            assertThat(page("?q=" + prefix + "&offset=9").body()).isEmpty();
        }
        assertThat(api().get("/api/v1/stations?limit=0").status()).isEqualTo(400);
        assertThat(api().get("/api/v1/stations?limit=1001").status()).isEqualTo(400);
        assertThat(api().get("/api/v1/stations?offset=-1").status()).isEqualTo(400);
    }

    private record Page(JsonNode body, int total) {}

    private Page page(String query) throws Exception {
        try (var client = HttpClient.newHttpClient()) {
            var r = client.send(HttpRequest.newBuilder(api().uri("/api/v1/stations" + query)).header("Authorization", Api.ADMIN).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return new Page(Json.mapper().readTree(r.body()), Integer.parseInt(r.headers().firstValue("X-Total-Count").orElseThrow()));
        }
    }

    private static List<String> ids(JsonNode stations) {
        return stations.valueStream().map(s -> s.get("id").asString()).toList();
    }
}
