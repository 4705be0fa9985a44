package org.ladewerk.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.Sessions;
import org.ladewerk.server.support.TestStation;
import tools.jackson.databind.JsonNode;

/** The transaction list as CSV: the same filters, UTC times, energy in Wh. */
class TransactionExportTest extends ServerTest {

    @Test
    void aKnownTransactionIsExportedWithItsValues() throws IOException {
        String id = unique("CSV");
        String tag = unique("T");
        int tx;
        try (TestStation station = station(id)) {
            tx = Sessions.fullSession(station, api(), tag);
        }
        JsonNode stored = api().get("/api/v1/transactions/" + tx).json();

        var response = api().get("/api/v1/transactions.csv?stationId=" + id);
        assertThat(response.status()).isEqualTo(200);
        List<CSVRecord> rows = parse(response.body());
        assertThat(rows).hasSize(1);
        CSVRecord row = rows.getFirst();
        assertThat(row.toMap()).containsAllEntriesOf(Map.ofEntries(
                Map.entry("transactionId", String.valueOf(tx)),
                Map.entry("stationTransactionId", String.valueOf(tx)),
                Map.entry("stationId", id),
                Map.entry("evseId", "1"),
                Map.entry("connectorId", "1"),
                Map.entry("idTag", tag),
                Map.entry("startAt", stored.get("startAt").asString()),
                Map.entry("stopAt", stored.get("stopAt").asString()),
                Map.entry("meterStartWh", "1000"),
                Map.entry("meterStopWh", "3000"),
                Map.entry("energyWh", "2000"),
                Map.entry("stopReason", "EVDisconnected"),
                Map.entry("open", "false")));
        assertThat(row.get("startAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        assertThat(parse(api().get("/api/v1/transactions.csv?stationId=" + id + "&open=true").body())).isEmpty();
        assertThat(parse(api().get("/api/v1/transactions.csv?idTag=" + tag).body())).hasSize(1);
        assertThat(parse(api().get("/api/v1/transactions.csv?stationId=" + id + "&from=" + stored.get("stopAt").asString()).body())).isEmpty();
    }

    @Test
    void anEmptyExportHasTheHeader() {
        var answer = api().get("/api/v1/transactions.csv?stationId=none");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().lines().toList()).containsExactly("transactionId,stationTransactionId,stationId,evseId,connectorId,"
                + "idTag,startAt,stopAt,meterStartWh,meterStopWh,energyWh,stopReason,open");
    }

    @Test
    void textAStationChoseCannotBecomeASpreadsheetFormula() throws IOException {
        String id = unique("CSV-F");
        try (TestStation station = station(id)) {
            station.call("BootNotification", Map.of("chargePointVendor", "Ladewerk", "chargePointModel", "Test"));
            station.call("StartTransaction", Map.of("connectorId", 1, "idTag", "=HYPERLINK(1)", "meterStart", 0,
                    "timestamp", Instant.now().toString()));
        }
        CSVRecord row = parse(api().get("/api/v1/transactions.csv?stationId=" + id).body()).getFirst();
        assertThat(row.get("idTag")).isEqualTo("'=HYPERLINK(1)");
        assertThat(row.get("open")).isEqualTo("true");
        assertThat(row.get("stopAt")).isEmpty();
    }

    @Test
    void badFiltersAre400AndTheExportNeedsCredentials() {
        assertThat(api().get("/api/v1/transactions.csv?from=yesterday").status()).isEqualTo(400);
        assertThat(api().send(HttpRequest.newBuilder(api().uri("/api/v1/transactions.csv"))).status()).isEqualTo(401);
    }

    private static List<CSVRecord> parse(String csv) throws IOException {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv)).getRecords();
    }
}
