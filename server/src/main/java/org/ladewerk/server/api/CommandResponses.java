package org.ladewerk.server.api;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.ladewerk.server.command.CommandResult;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** HTTP rendering of a command's end: 200 answer, 400 invalid, 404 not connected, 502 CALLERROR, 504 timeout. */
public final class CommandResponses {
    private CommandResponses() {}

    public static ResponseEntity<?> toResponse(String stationId, CommandResult result) {
        return switch (result) {
            case CommandResult.Answered a -> ResponseEntity.ok(a.payload());
            case CommandResult.Invalid i -> ApiExceptionHandler.error(HttpStatus.BAD_REQUEST, i.description());
            case CommandResult.NotConnected n -> ApiExceptionHandler.error(HttpStatus.NOT_FOUND, "charge point " + stationId + " is not connected");
            case CommandResult.TimedOut t -> ApiExceptionHandler.error(HttpStatus.GATEWAY_TIMEOUT, "charge point " + stationId + " did not answer in time");
            case CommandResult.Failed f -> ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of(
                    "status", 502, "error", "Bad Gateway", "errorCode", f.errorCode(),
                    "errorDescription", f.description() == null ? "" : f.description()));
        };
    }

    static CompletableFuture<ResponseEntity<?>> toResponse(String stationId, CompletableFuture<CommandResult> result) {
        return result.thenApply(r -> toResponse(stationId, r));
    }
}
