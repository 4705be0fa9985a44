package org.ladewerk.server.api.app;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.ladewerk.server.api.CommandResponses;
import org.ladewerk.server.api.Paging;
import org.ladewerk.server.audit.AuditLog;
import org.ladewerk.server.command.CommandResult;
import org.ladewerk.server.command.StationCommands;
import org.ladewerk.server.live.app.AppChargePoints;
import org.ladewerk.server.live.app.AppChargePoints.ChargePoint;
import org.ladewerk.server.live.app.OpenTransactions;
import org.ladewerk.server.session.ChargingSession;
import org.ladewerk.server.session.SessionStore;
import org.ladewerk.server.session.SessionStore.Filter;
import org.ladewerk.server.user.AppPrincipal;
import org.ladewerk.server.user.AppUser;
import org.ladewerk.server.user.Role;
import org.ladewerk.server.user.Scope;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The driver app API: who I am, the charge points I may use with their live state, my sessions, and
 * starting and stopping charging with my own tag. Every answer is cut to the caller's user (its
 * tags, its charge points) and its token's scopes; start and stop are answered with the station's
 * own answer (through the version-neutral {@link StationCommands}) and recorded in the audit log.
 */
@RestController
@Tag(name = "App API")
public class AppController {

    private final AppChargePoints chargePoints;
    private final SessionStore sessions;
    private final StationCommands commands;
    private final OpenTransactions transactions;
    private final AuditLog audit;

    public AppController(AppChargePoints chargePoints, SessionStore sessions, StationCommands commands, OpenTransactions transactions,
                         AuditLog audit) {
        this.chargePoints = chargePoints;
        this.sessions = sessions;
        this.commands = commands;
        this.transactions = transactions;
        this.audit = audit;
    }

    public record Me(long id, String username, Role role, List<String> idTags, List<AppUser.ChargePointRef> chargePoints,
                     Set<Scope> scopes, Long tokenId) {}

    /** idTag: one of my tags (default: my first). */
    public record StartRequest(String idTag) {}

    @GetMapping("/api/app/v1/me")
    @Operation(summary = "The user of this token or session, its tags, allowed charge points and the token's scopes")
    public Me me(@AuthenticationPrincipal AppPrincipal me) {
        AppUser u = me.user();
        return new Me(u.id(), u.username(), u.role(), u.idTags(), u.chargePoints(), me.scopes(), me.tokenId());
    }

    @GetMapping("/api/app/v1/charge-points")
    @Operation(summary = "The EVSEs I may use, with live state, power, and my session running on it")
    public List<ChargePoint> chargePoints(@AuthenticationPrincipal AppPrincipal me) {
        return chargePoints.visible(me.user());
    }

    @GetMapping("/api/app/v1/sessions")
    @Operation(summary = "My plug-in sessions (charged with my tags), newest first; scope sessions:read",
            description = "from/to bound the plug-in time (ISO-8601); open=true: not yet completed; limit (default 100, at most 1000), offset.")
    public List<ChargingSession> sessions(@AuthenticationPrincipal AppPrincipal me, @RequestParam(required = false) Instant from,
                                          @RequestParam(required = false) Instant to, @RequestParam(required = false) Boolean open,
                                          @RequestParam(required = false) Integer limit, @RequestParam(required = false) Integer offset) {
        me.require(Scope.SESSIONS_READ);
        return sessions.listForTags(me.user().idTags(), new Filter(null, null, from, to, open, Paging.limit(limit), Paging.offset(offset)));
    }

    @PostMapping("/api/app/v1/charge-points/{stationId}/{evseId}/start")
    @Operation(summary = "Start charging with my tag (body {idTag}? , default my first); the station's answer; scope charging:control")
    public CompletableFuture<ResponseEntity<?>> start(@AuthenticationPrincipal AppPrincipal me, @PathVariable String stationId,
                                                      @PathVariable int evseId, @RequestBody(required = false) StartRequest body) {
        me.require(Scope.CHARGING_CONTROL);
        me.requireChargePoint(stationId, evseId);
        List<String> mine = me.user().idTags();
        String tag = body == null || body.idTag() == null ? mine.stream().findFirst().orElse(null) : body.idTag();
        if (tag == null) throw new ResponseStatusException(HttpStatus.CONFLICT, "you have no id tag to charge with");
        if (!mine.contains(tag)) throw new ResponseStatusException(HttpStatus.FORBIDDEN, "id tag " + tag + " is not yours");
        return commands.startCharging(stationId, evseId, tag)
                .thenApply(r -> answered(me, "charging.start", stationId, evseId, "idTag=" + tag, r));
    }

    @PostMapping("/api/app/v1/charge-points/{stationId}/{evseId}/stop")
    @Operation(summary = "Stop the charging running on the EVSE (a driver: only its own); the station's answer; scope charging:control")
    public CompletableFuture<ResponseEntity<?>> stop(@AuthenticationPrincipal AppPrincipal me, @PathVariable String stationId,
                                                     @PathVariable int evseId) {
        me.require(Scope.CHARGING_CONTROL);
        me.requireChargePoint(stationId, evseId);
        var open = transactions.at(stationId, evseId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.CONFLICT, "nothing is charging on " + stationId + "/" + evseId));
        if (!chargePoints.owns(me.user(), open.id()))
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "the charging on " + stationId + "/" + evseId + " is not yours");
        return commands.stopTransaction(stationId, open.stationTransactionId())
                .thenApply(r -> answered(me, "charging.stop", stationId, evseId, "transaction=" + open.id(), r));
    }

    private ResponseEntity<?> answered(AppPrincipal me, String action, String stationId, int evseId, String detail, CommandResult result) {
        audit.record(me.user().username(), action, stationId + "/" + evseId, detail + ", result=" + result.outcome());
        return CommandResponses.toResponse(stationId, result);
    }
}
