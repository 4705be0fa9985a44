package org.ladewerk.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.ladewerk.server.command.CommandResult;
import org.ladewerk.server.command.StationCommands;
import org.ladewerk.server.reservation.Reservation;
import org.ladewerk.server.reservation.ReservationService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/reservations")
@Tag(name = "Reservations")
public class ReservationController {

    private final ReservationService reservations;
    private final StationCommands commands;

    public ReservationController(ReservationService reservations, StationCommands commands) {
        this.reservations = reservations;
        this.commands = commands;
    }

    public record NewReservation(String stationId, Integer evseId, String idTag, String parentIdTag, Instant expiryDate) {}

    @GetMapping
    public List<Reservation> list(@RequestParam(required = false) String stationId, @RequestParam(required = false) String status) {
        return reservations.list(stationId, status);
    }

    @GetMapping("/{id}")
    public Reservation get(@PathVariable int id) {
        return reservations.find(id).orElseThrow(() -> ApiError.notFound("unknown reservation " + id));
    }

    @PostMapping
    @Operation(summary = "Reserve an EVSE: sends ReserveNow; 201 with the reservation and the station's answer as status")
    public CompletableFuture<ResponseEntity<?>> create(@RequestBody NewReservation r) {
        if (r.stationId() == null) throw ApiError.badRequest("stationId, evseId, idTag and expiryDate are required");
        return reserve(r.stationId(), reservations.nextId(), r, HttpStatus.CREATED);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a reservation: sends ReserveNow with its id, which replaces it on the station; stationId is ignored")
    public CompletableFuture<ResponseEntity<?>> replace(@PathVariable int id, @RequestBody NewReservation r) {
        return reserve(get(id).stationId(), id, r, HttpStatus.OK);
    }

    private CompletableFuture<ResponseEntity<?>> reserve(String stationId, int id, NewReservation r, HttpStatus success) {
        if (r.idTag() == null || r.expiryDate() == null || r.evseId() == null)
            throw ApiError.badRequest("stationId, evseId, idTag and expiryDate are required");
        if (!r.expiryDate().isAfter(Instant.now())) throw ApiError.badRequest("expiryDate must be in the future");
        return commands.reserve(stationId, id, r.evseId(), r.idTag(), r.parentIdTag(), r.expiryDate())
                .thenApply(result -> result instanceof CommandResult.Answered
                        ? ResponseEntity.status(success).body(get(id))
                        : CommandResponses.toResponse(stationId, result));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Cancel a reservation: sends CancelReservation and returns the station's answer")
    public CompletableFuture<ResponseEntity<?>> cancel(@PathVariable int id) {
        Reservation r = get(id);
        return CommandResponses.toResponse(r.stationId(), commands.cancelReservation(r.stationId(), id));
    }
}
