package org.ladewerk.server.api;

import static org.ladewerk.server.session.SessionCsv.text;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.ladewerk.server.transaction.Transaction;
import org.ladewerk.server.transaction.TransactionService;
import org.ladewerk.server.transaction.TransactionService.TransactionFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Transactions")
public class TransactionExportController {

    static final String[] HEADER = {"transactionId", "stationTransactionId", "stationId", "evseId", "connectorId", "idTag",
            "startAt", "stopAt", "meterStartWh", "meterStopWh", "energyWh", "stopReason", "open"};

    private final TransactionService transactions;

    public TransactionExportController(TransactionService transactions) {
        this.transactions = transactions;
    }

    @GetMapping("/api/v1/transactions.csv")
    @Operation(summary = "All transactions the filters of GET /api/v1/transactions match, as CSV (RFC 4180), newest first",
            description = "Times in UTC (ISO-8601), energy in Wh. Text from stations that a spreadsheet would run as a "
                    + "formula (starting with = + - @) is prefixed with an apostrophe.")
    public void export(@RequestParam(required = false) String stationId, @RequestParam(required = false) String idTag,
                       @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                       @RequestParam(required = false) Boolean open, HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"transactions.csv\"");
        var format = CSVFormat.RFC4180.builder().setHeader(HEADER).get();
        try (var csv = new CSVPrinter(response.getWriter(), format)) {
            transactions.forEach(new TransactionFilter(stationId, idTag, from, to, open, 0, 0), t -> print(csv, t));
        }
    }

    private static void print(CSVPrinter csv, Transaction t) {
        try {
            csv.printRecord(t.id(), text(t.stationTransactionId()), text(t.stationId()), t.evseId(), t.connectorId(),
                    text(t.idTag()), t.startAt(), t.stopAt(), t.meterStartWh(), t.meterStopWh(), t.energyWh(),
                    text(t.stopReason()), t.open());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
