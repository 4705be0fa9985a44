package org.ladewerk.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.ladewerk.server.command.CommandService;
import org.ladewerk.server.reservation.Reservation;
import org.ladewerk.server.reservation.ReservationService;
import org.ladewerk.server.station.Station;
import org.ladewerk.server.station.StationService;
import org.ladewerk.server.station.StationService.StationFilter;
import org.ladewerk.server.transaction.Transaction;
import org.ladewerk.server.transaction.TransactionService;
import org.ladewerk.server.transaction.TransactionService.TransactionFilter;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * The REST API of apostoldevel/ocpp-cs, so its users can switch: ping, time, lists, and the raw
 * command pass-through {@code POST /api/v1/ChargePoint/{identity}/{Action}}.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "ocpp-cs compatible", description = "Endpoints shaped like apostoldevel/ocpp-cs")
public class CentralSystemController {

    private final CommandService commands;
    private final StationService stations;
    private final TransactionService transactions;
    private final ReservationService reservations;

    public CentralSystemController(CommandService commands, StationService stations, TransactionService transactions,
                                   ReservationService reservations) {
        this.commands = commands;
        this.stations = stations;
        this.transactions = transactions;
        this.reservations = reservations;
    }

    @GetMapping("/ping")
    @Operation(summary = "Liveness check; no authentication")
    public Map<String, Object> ping() {
        return Map.of();
    }

    @GetMapping("/time")
    @Operation(summary = "Server time in UTC (ISO-8601) and epoch milliseconds; no authentication")
    public Map<String, Object> time() {
        Instant now = Instant.now();
        return Map.of("serverTime", now.toString(), "epochMillis", now.toEpochMilli());
    }

    @GetMapping("/CentralSystem/ChargePointList")
    @Operation(summary = "All known charge points with live connection and connector status")
    public List<Station> chargePointList() {
        return stations.list(new StationFilter(null, null, null, null));
    }

    /** Filter for TransactionList: all fields optional. */
    public record TransactionListRequest(String identity, String idTag, Instant dateFrom, Instant dateTo, Boolean open,
                                         Integer limit, Integer offset) {}

    @PostMapping("/CentralSystem/TransactionList")
    @Operation(summary = "Transactions, newest first, filtered by the optional body")
    public List<Transaction> transactionList(@RequestBody(required = false) TransactionListRequest r) {
        var f = r == null ? new TransactionListRequest(null, null, null, null, null, null, null) : r;
        return transactions.list(new TransactionFilter(f.identity(), f.idTag(), f.dateFrom(), f.dateTo(), f.open(),
                Paging.limit(f.limit()), Paging.offset(f.offset())));
    }

    public record ReservationListRequest(String identity, String status) {}

    @PostMapping("/CentralSystem/ReservationList")
    @Operation(summary = "Reservations, filtered by the optional body")
    public List<Reservation> reservationList(@RequestBody(required = false) ReservationListRequest r) {
        return r == null ? reservations.list(null, null) : reservations.list(r.identity(), r.status());
    }

    @PostMapping("/ChargePoint/{identity}/{action}")
    @Operation(summary = "Send any central-system-initiated OCPP call; the body is the OCPP request payload",
            description = "200 with the station's response payload; 400 invalid action or payload; 404 unknown or offline "
                    + "charge point; 502 the station answered CALLERROR (errorCode, errorDescription); 504 no answer in time.")
    public CompletableFuture<ResponseEntity<?>> command(@PathVariable String identity, @PathVariable String action,
                                                        @RequestBody(required = false) ObjectNode payload) {
        ObjectNode request = payload == null ? tools.jackson.databind.node.JsonNodeFactory.instance.objectNode() : payload;
        return CommandResponses.toResponse(identity, commands.send(identity, action, request));
    }
}
