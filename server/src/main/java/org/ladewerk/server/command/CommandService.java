package org.ladewerk.server.command;

import static org.ladewerk.server.store.Sql.ts;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.ladewerk.ocpp.Actions;
import org.ladewerk.ocpp.OcppVersion;
import org.ladewerk.ocpp.schema.OcppSchemas;
import org.ladewerk.ocpp.schema.Violation;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.store.GroupCommitter;
import org.ladewerk.server.store.Sql;
import org.ladewerk.server.transport.CallOutcome;
import org.ladewerk.server.transport.OcppMetrics;
import org.ladewerk.server.transport.StationRegistry;
import org.ladewerk.server.transport.StationSession;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends central-system-initiated calls to stations in their own OCPP version: validates the request,
 * waits for the answer, records the call and its effect, and only then reports the result.
 */
@Service
public class CommandService {

    private final StationRegistry registry;
    private final OcppSchemas schemas;
    private final GroupCommitter store;
    private final JdbcClient jdbc;
    private final EventBus events;
    private final OcppMetrics metrics;
    private final Map<OcppVersion, CommandEffects> effects = new EnumMap<>(OcppVersion.class);

    public CommandService(StationRegistry registry, OcppSchemas schemas, GroupCommitter store, JdbcClient jdbc,
                          EventBus events, List<CommandEffects> effects, OcppMetrics metrics) {
        this.events = events;
        this.metrics = metrics;
        this.registry = registry;
        this.schemas = schemas;
        this.store = store;
        this.jdbc = jdbc;
        effects.forEach(e -> this.effects.put(e.version(), e));
    }

    public CompletableFuture<CommandResult> send(String stationId, String action, ObjectNode request) {
        Optional<StationSession> session = registry.find(stationId);
        if (session.isEmpty()) return CompletableFuture.completedFuture(new CommandResult.NotConnected());
        OcppVersion version = session.get().version();
        String problem = check(version, action, request);
        if (problem == null) problem = session.get().refuses(action, request);
        if (problem == null && effects.containsKey(version)) problem = effects.get(version).precondition(stationId, action, request);
        if (problem != null) return CompletableFuture.completedFuture(new CommandResult.Invalid(problem));

        Instant sentAt = Instant.now();
        long sent = System.nanoTime();
        return session.get().call(action, request).thenCompose(outcome -> {
            metrics.outbound(action, System.nanoTime() - sent);
            CommandResult result = switch (outcome) {
                case CallOutcome.Result r -> new CommandResult.Answered(r.payload()); // schema-checked by the transport
                case CallOutcome.Error e -> new CommandResult.Failed(e.errorCode(), e.description());
                case CallOutcome.Timeout t -> new CommandResult.TimedOut();
                case CallOutcome.Disconnected d -> new CommandResult.NotConnected();
            };
            return store.submit(tx -> {
                String outcomeName = log(tx, stationId, action, request, result, sentAt);
                events.publish(tx, new StationEvent.CommandAnswered(stationId, action, outcomeName, Instant.now()));
                CommandEffects recorder = effects.get(version);
                if (result instanceof CommandResult.Answered a && recorder != null)
                    recorder.record(tx, stationId, action, request, a.payload());
                return result;
            });
        });
    }

    /** Null when the request may be sent; otherwise why not. */
    public String check(OcppVersion version, String action, ObjectNode request) {
        String v = version.subprotocol().substring(4);
        if (!Actions.exists(version, action)) return "unknown OCPP " + v + " action '" + action + "'";
        if (!Actions.csmsInitiated(version).contains(action)) return action + " is sent by stations, not by the central system";
        return schemas.validateRequest(version, action, request).map(Violation::description)
                .map(d -> "invalid " + action + " request: " + d).orElse(null);
    }

    private static String log(GroupCommitter.Tx tx, String stationId, String action, ObjectNode request, CommandResult result, Instant sentAt) {
        String outcome = switch (result) {
            case CommandResult.Answered a -> "Answered";
            case CommandResult.Failed f -> "Failed";
            case CommandResult.TimedOut t -> "TimedOut";
            case CommandResult.NotConnected n -> "Disconnected";
            case CommandResult.Invalid i -> "Invalid";
        };
        String response = result instanceof CommandResult.Answered a ? a.payload().toString() : null;
        String code = result instanceof CommandResult.Failed f ? f.errorCode() : null;
        String description = result instanceof CommandResult.Failed f ? truncate(f.description(), 1000) : null;
        Instant answeredAt = result instanceof CommandResult.TimedOut ? null : Instant.now();
        tx.insertLater("""
                INSERT INTO command_log (station_id, action, request_json, outcome, response_json, error_code, error_description, sent_at, answered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                stationId, action, request.toString(), outcome, response, code, description, ts(sentAt), ts(answeredAt));
        return outcome;
    }

    /** A command as logged: request, outcome and the station's answer. */
    public record LoggedCommand(long id, String action, String request, String outcome, String response, String errorCode,
                                String errorDescription, Instant sentAt, Instant answeredAt) {}

    public List<LoggedCommand> history(String stationId, int limit) {
        return jdbc.sql("SELECT * FROM command_log WHERE station_id = ? ORDER BY sent_at DESC, id DESC LIMIT ?")
                .params(stationId, limit)
                .query((rs, n) -> new LoggedCommand(rs.getLong("id"), rs.getString("action"), rs.getString("request_json"),
                        rs.getString("outcome"), rs.getString("response_json"), rs.getString("error_code"),
                        rs.getString("error_description"), Sql.instant(rs, "sent_at"), Sql.instant(rs, "answered_at")))
                .list();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
