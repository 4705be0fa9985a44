package org.ladewerk.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.ladewerk.server.site.ChargeModeControl;
import org.ladewerk.server.site.SiteModel;
import org.ladewerk.server.site.SiteSnapshots;
import org.ladewerk.server.site.SiteSource;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/** The live site model (from memory), its stored history, and charge modes of charge points run by another system. */
@RestController
@RequestMapping("/api/v1/site")
@Tag(name = "Site")
public class SiteController {

    private final SiteModel model;
    private final SiteSnapshots snapshots;
    private final List<SiteSource> sources;
    private final List<ChargeModeControl> controls;

    public SiteController(SiteModel model, SiteSnapshots snapshots, List<SiteSource> sources, List<ChargeModeControl> controls) {
        this.model = model;
        this.snapshots = snapshots;
        this.sources = sources;
        this.controls = controls;
    }

    @GetMapping
    @Operation(summary = "The live site: grid (+ import / − feed-in), PV, battery (+ discharge / − charge) and SoC, house, "
            + "charge points; each value with its time, age, stale flag and source, and the active sources")
    public ObjectNode site() {
        ObjectNode body = model.view().json();
        var list = body.putArray("sources");
        for (SiteSource s : sources) {
            if (s.active()) list.addObject().put("name", s.name()).set("status", org.ladewerk.ocpp.Json.mapper().valueToTree(s.status()));
        }
        return body;
    }

    public record History(Instant from, Instant to, Duration step, List<SiteSnapshots.Point> points) {}

    @GetMapping("/history")
    @Operation(summary = "Stored snapshots between from (default: 24 h ago) and to (default: now), averaged per step "
            + "(ISO-8601 like PT15M or 15m; default and minimum: the snapshot interval)")
    public History history(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                           @RequestParam(required = false) String step) {
        Instant end = to != null ? to : model.now();
        Instant start = from != null ? from : end.minus(Duration.ofDays(1));
        if (!start.isBefore(end)) throw new IllegalArgumentException("from must be before to");
        Duration s = step == null || step.isBlank() ? snapshots.interval() : parse(step);
        if (s.compareTo(snapshots.interval()) < 0) s = snapshots.interval();
        if (Duration.between(start, end).dividedBy(s) > SiteSnapshots.MAX_POINTS)
            throw new IllegalArgumentException("more than " + SiteSnapshots.MAX_POINTS + " points: choose a larger step or a shorter period");
        return new History(start, end, s, snapshots.history(start, end, s));
    }

    private static Duration parse(String step) {
        try {
            Duration d = DurationStyle.detectAndParse(step);
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("step must be positive");
            return d;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("step '" + step + "' is not a duration such as PT15M or 15m");
        }
    }

    public record ChargeMode(String mode) {}

    @PutMapping("/charge-points/{id}/charge-mode")
    @Operation(summary = "Sets the charge mode of a charge point run by another system (openWB): {\"mode\": \"pv\"}; "
            + "answered 202, the model shows the mode once the system confirms it")
    public ResponseEntity<Map<String, String>> chargeMode(@PathVariable String id, @RequestBody ChargeMode body) {
        ChargeModeControl control = controls.stream().filter(c -> c.controls(id)).findFirst()
                .orElseThrow(() -> ApiError.notFound("no charge mode control for charge point " + id));
        if (body == null || body.mode() == null || !control.modes().contains(body.mode()))
            throw new IllegalArgumentException("mode must be one of " + control.modes());
        try {
            control.setChargeMode(id, body.mode());
        } catch (IllegalStateException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        } catch (CompletionException e) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "not sent: " + e.getCause().getMessage());
        }
        return ResponseEntity.accepted().body(Map.of("chargePoint", id, "mode", body.mode()));
    }
}
