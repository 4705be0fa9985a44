package org.ladewerk.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;

/** The operator's scrape: /actuator/prometheus behind the admin, with the OCPP and database pool metrics the dashboard shows. */
class PrometheusTest extends ServerTest {

    @Test
    void scrapeShowsConnectedStationsMessageLatencyAndThePool() {
        String id = unique("PROM");
        try (var station = station(id)) {
            station.call("BootNotification", Map.of("chargePointVendor", "V", "chargePointModel", "M"));
            station.call("Heartbeat", Map.of());
            station.answer("ClearCache", request -> Map.of("status", "Accepted"));
            assertThat(api().post("/api/v1/ChargePoint/" + id + "/ClearCache", "{}").status()).isEqualTo(200);

            String scrape = api().get("/actuator/prometheus").body();
            assertThat(value(scrape, "ladewerk_stations_connected\\{[^}]*version=\"1.6\"[^}]*}")).isGreaterThanOrEqualTo(1);
            assertThat(value(scrape, "ladewerk_ocpp_messages_seconds_count\\{[^}]*action=\"BootNotification\",direction=\"in\"[^}]*}")).isGreaterThanOrEqualTo(1);
            assertThat(value(scrape, "ladewerk_ocpp_messages_seconds_count\\{[^}]*action=\"Heartbeat\",direction=\"in\"[^}]*}")).isGreaterThanOrEqualTo(1);
            assertThat(value(scrape, "ladewerk_ocpp_messages_seconds_count\\{[^}]*action=\"ClearCache\",direction=\"out\"[^}]*}")).isGreaterThanOrEqualTo(1);
            assertThat(value(scrape, "hikaricp_connections_max\\{[^}]*}")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void scrapeNeedsTheAdmin() {
        var anonymous = api().send(HttpRequest.newBuilder(api().uri("/actuator/prometheus")).GET());
        assertThat(anonymous.status()).isEqualTo(401);
    }

    private static double value(String scrape, String series) {
        var m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("%s in%n%s", series, scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
