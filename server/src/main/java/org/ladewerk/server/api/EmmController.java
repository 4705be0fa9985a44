package org.ladewerk.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.ladewerk.server.integration.emm.EmmLink;
import org.ladewerk.server.integration.emm.EmmSessionPush;
import org.ladewerk.server.integration.emm.EmmSettingsSync;
import org.ladewerk.server.integration.emm.EmmStatus;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@Tag(name = "EMM link")
public class EmmController {

    private final EmmStatus status;
    private final EmmSessionPush push;
    private final EmmSettingsSync sync;

    public EmmController(EmmStatus status, EmmSessionPush push, EmmSettingsSync sync) {
        this.status = status;
        this.push = push;
        this.sync = sync;
    }

    @PostMapping("/api/v1/stations/{id}/emm-sync")
    @Operation(summary = "Sync the station's settings with the EMM now (as the periodic sync does)")
    public EmmSettingsSync.Outcome syncNow(@PathVariable String id) {
        if (!status.state().enabled())
            throw new ResponseStatusException(HttpStatus.CONFLICT, "the EMM link is off (ladewerk.emm.url is empty)");
        EmmSettingsSync.Outcome outcome = sync.sync(id, false);
        if (outcome == null) throw new ResponseStatusException(HttpStatus.CONFLICT, "station " + id + " is not connected or already syncing");
        return outcome;
    }

    @PutMapping("/api/v1/stations/{id}/settings")
    @Operation(summary = "Change settings locally (version-neutral keys as in the EMM contract); they win over older EMM values and are pushed")
    public EmmSettingsSync.Outcome change(@PathVariable String id, @RequestBody Map<String, String> settings) {
        if (settings == null || settings.isEmpty()) throw ApiError.badRequest("give at least one setting as {\"key\": \"value\"}");
        EmmSettingsSync.Outcome outcome = sync.localChange(id, settings);
        if (outcome.results().isEmpty() && outcome.problem() != null) throw new ResponseStatusException(HttpStatus.CONFLICT, outcome.problem());
        return outcome;
    }

    @GetMapping("/api/v1/emm")
    @Operation(summary = "State of the link to the energy-management application: last pushes, last error, sessions waiting")
    public EmmLink.State state() {
        return status.state();
    }

    @PostMapping("/api/v1/charging-sessions/{id}/emm-push")
    @Operation(summary = "Queue a completed session for the EMM again (same Idempotency-Key, so the EMM can recognise a repeat)")
    public Map<String, Object> resend(@PathVariable long id) {
        if (!status.state().enabled())
            throw new ResponseStatusException(HttpStatus.CONFLICT, "the EMM link is off (ladewerk.emm.url is empty)");
        if (!push.resend(id).join()) throw ApiError.notFound("no completed charging session " + id);
        return Map.of("sessionId", id, "queued", true);
    }
}
