package org.ladewerk.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.ladewerk.server.transaction.Transaction;
import org.ladewerk.server.transaction.TransactionService;
import org.ladewerk.server.transaction.TransactionService.TransactionFilter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/transactions")
@Tag(name = "Transactions")
public class TransactionController {

    private final TransactionService transactions;

    public TransactionController(TransactionService transactions) {
        this.transactions = transactions;
    }

    @GetMapping
    @Operation(summary = "Transactions, newest first; from/to bound the start time (ISO-8601)")
    public List<Transaction> list(@RequestParam(required = false) String stationId, @RequestParam(required = false) String idTag,
                                  @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                                  @RequestParam(required = false) Boolean open, @RequestParam(required = false) Integer limit,
                                  @RequestParam(required = false) Integer offset) {
        return transactions.list(new TransactionFilter(stationId, idTag, from, to, open, Paging.limit(limit), Paging.offset(offset)));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One transaction with all its meter samples")
    public Transaction get(@PathVariable long id) {
        return transactions.find(id).orElseThrow(() -> ApiError.notFound("unknown transaction " + id));
    }
}
