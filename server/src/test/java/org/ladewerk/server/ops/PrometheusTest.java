package org.ladewerk.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.slf4j.LoggerFactory;

/** The operator's scrape: /actuator/prometheus behind the admin, with the OCPP and database pool metrics the dashboard shows. */
class PrometheusTest extends ServerTest {

    @Test
    void scrapeShowsConnectedStationsMessageLatencyAndThePool() throws Exception {
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
            dashboardSeriesExist(scrape);
        }
    }

    /**
     * Every series the shipped Grafana dashboard queries is one this server exports, except the
     * writer and outbox metrics registered by the writers themselves (agreed names, checked here by spelling).
     */
    private static void dashboardSeriesExist(String scrape) throws Exception {
        String dashboard = Files.readString(Path.of("../ops/grafana/ladewerk.json"));
        var names = new TreeSet<String>();
        var m = Pattern.compile("\\b((?:ladewerk|hikaricp)_[a-z_]+)\\{").matcher(dashboard);
        while (m.find()) names.add(m.group(1));
        assertThat(names).contains("ladewerk_stations_connected", "ladewerk_ocpp_messages_seconds_count", "hikaricp_connections_active",
                "ladewerk_writer_queue_depth", "ladewerk_writer_queue_bytes", "ladewerk_writer_batch_size_sum",
                "ladewerk_writer_batch_wait_seconds_sum", "ladewerk_writer_batch_write_seconds_sum", "ladewerk_writer_failures_total", "ladewerk_webhook_backlog", "ladewerk_emm_backlog");
        var writers = Pattern.compile("ladewerk_(writer_(queue_depth|queue_bytes|batch_size_(sum|count|max)|batch_(wait|write)_seconds_(sum|count|max)|failures_total)"
                + "|webhook_backlog|emm_backlog)");
        for (String name : names) {
            if (writers.matcher(name).matches()) continue;
            assertThat(scrape).as("series %s of the dashboard", name).containsPattern("(?m)^" + name + "[{ ]");
        }
    }

    /** Logback consults turbo filters on every level check, and Jetty checks its debug level per frame. */
    @Test
    void noLogbackTurboFilterOnTheHotPath() {
        var logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(logging.getTurboFilterList()).isEmpty();
        assertThat(api().get("/actuator/prometheus").body()).doesNotContain("logback_events_total");
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
