package org.ladewerk.server.command;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.ladewerk.ocpp.Json;
import org.ladewerk.ocpp.OcppVersion;
import org.ladewerk.server.transport.StationRegistry;
import org.ladewerk.server.transport.StationSession;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Settings of a station, version-neutral: change and read configuration (1.6 ChangeConfiguration and
 * GetConfiguration; 2.x SetVariables and GetVariables, where a key is {@code Component/Variable}), a
 * default current limit (a TxDefaultProfile on the whole station) and availability. Results are one of
 * Accepted, Rejected, RebootRequired, NotSupported, or Failed (no usable answer), whatever the version.
 */
@Service
public class StationSettings {

    public static final String ACCEPTED = "Accepted";
    public static final String NOT_SUPPORTED = "NotSupported";
    public static final String FAILED = "Failed";
    /** Id of the TxDefaultProfile that carries the station-wide current limit. */
    static final int LIMIT_PROFILE_ID = 990_001;

    private final CommandService commands;
    private final StationRegistry registry;

    public StationSettings(CommandService commands, StationRegistry registry) {
        this.commands = commands;
        this.registry = registry;
    }

    public boolean connected(String stationId) {
        return registry.find(stationId).isPresent();
    }

    /** Changes each setting; the result per key. */
    public CompletableFuture<Map<String, String>> change(String stationId, Map<String, String> settings) {
        Optional<OcppVersion> version = registry.find(stationId).map(StationSession::version);
        if (version.isEmpty() || settings.isEmpty()) return CompletableFuture.completedFuture(all(settings.keySet(), FAILED));
        if (version.get() == OcppVersion.V1_6) {
            var results = new LinkedHashMap<String, String>();
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (var e : settings.entrySet()) {
                ObjectNode p = object().put("key", e.getKey()).put("value", e.getValue());
                chain = chain.thenCompose(v -> commands.send(stationId, "ChangeConfiguration", p))
                        .thenAccept(r -> results.put(e.getKey(), answered(r).map(a -> v16(a.path("status").asString())).orElse(FAILED)));
            }
            return chain.thenApply(v -> results);
        }
        ObjectNode p = object();
        ArrayNode data = p.putArray("setVariableData");
        for (var e : settings.entrySet()) {
            ObjectNode d = variable(e.getKey()).put("attributeValue", e.getValue());
            data.add(d);
        }
        return commands.send(stationId, "SetVariables", p).thenApply(r -> {
            Map<String, String> results = all(settings.keySet(), FAILED);
            answered(r).ifPresent(a -> a.path("setVariableResult").forEach(x ->
                    results.put(key(x), v2(x.path("attributeStatus").asString()))));
            return results;
        });
    }

    /** Reads the settings' actual values; keys the station does not know are absent. */
    public CompletableFuture<Map<String, String>> read(String stationId, Collection<String> keys) {
        Optional<OcppVersion> version = registry.find(stationId).map(StationSession::version);
        if (version.isEmpty() || keys.isEmpty()) return CompletableFuture.completedFuture(Map.of());
        if (version.get() == OcppVersion.V1_6) {
            ObjectNode p = object();
            keys.forEach(p.putArray("key")::add);
            return commands.send(stationId, "GetConfiguration", p).thenApply(r -> {
                var values = new LinkedHashMap<String, String>();
                answered(r).ifPresent(a -> a.path("configurationKey").forEach(k -> values.put(k.path("key").asString(),
                        k.path("value").isMissingNode() ? null : k.path("value").asString())));
                return values;
            });
        }
        ObjectNode p = object();
        ArrayNode data = p.putArray("getVariableData");
        keys.forEach(k -> data.add(variable(k)));
        return commands.send(stationId, "GetVariables", p).thenApply(r -> {
            var values = new LinkedHashMap<String, String>();
            answered(r).ifPresent(a -> a.path("getVariableResult").forEach(x -> {
                if ("Accepted".equals(x.path("attributeStatus").asString())) values.put(key(x), x.path("attributeValue").asString());
            }));
            return values;
        });
    }

    /** Limits the whole station to {@code amps} per phase with a TxDefaultProfile (replacing the previous one). */
    public CompletableFuture<String> limitCurrent(String stationId, double amps) {
        Optional<OcppVersion> version = registry.find(stationId).map(StationSession::version);
        if (version.isEmpty()) return CompletableFuture.completedFuture(FAILED);
        boolean v16 = version.get() == OcppVersion.V1_6;
        ObjectNode period = object().put("startPeriod", 0).put("limit", amps);
        ObjectNode schedule = object().put("chargingRateUnit", "A");
        schedule.putArray("chargingSchedulePeriod").add(period);
        ObjectNode profile = object().put(v16 ? "chargingProfileId" : "id", LIMIT_PROFILE_ID).put("stackLevel", 0)
                .put("chargingProfilePurpose", "TxDefaultProfile").put("chargingProfileKind", "Relative");
        if (v16) profile.set("chargingSchedule", schedule);
        else profile.putArray("chargingSchedule").add(schedule.put("id", 1));
        ObjectNode p = object().put(v16 ? "connectorId" : "evseId", 0);
        p.set(v16 ? "csChargingProfiles" : "chargingProfile", profile);
        return commands.send(stationId, "SetChargingProfile", p)
                .thenApply(r -> answered(r).map(a -> v16(a.path("status").asString())).orElse(FAILED));
    }

    /** Makes the whole station operative or inoperative. */
    public CompletableFuture<String> availability(String stationId, boolean operative) {
        Optional<OcppVersion> version = registry.find(stationId).map(StationSession::version);
        if (version.isEmpty()) return CompletableFuture.completedFuture(FAILED);
        String type = operative ? "Operative" : "Inoperative";
        ObjectNode p = version.get() == OcppVersion.V1_6 ? object().put("connectorId", 0).put("type", type)
                : object().put("operationalStatus", type);
        // Scheduled: takes effect after the running transactions, which is accepted as a change
        return commands.send(stationId, "ChangeAvailability", p)
                .thenApply(r -> answered(r).map(a -> a.path("status").asString()).map(s -> s.equals("Scheduled") ? ACCEPTED : v16(s))
                        .orElse(FAILED));
    }

    private static Optional<JsonNode> answered(CommandResult r) {
        return r instanceof CommandResult.Answered a ? Optional.of(a.payload()) : Optional.empty();
    }

    private static String v16(String status) {
        return switch (status) {
            case "Accepted", "Rejected", "RebootRequired", "NotSupported" -> status;
            default -> "Rejected";
        };
    }

    private static String v2(String status) {
        return switch (status) {
            case "Accepted", "Rejected", "RebootRequired" -> status;
            default -> NOT_SUPPORTED; // UnknownComponent, UnknownVariable, NotSupportedAttributeType
        };
    }

    /** "Component/Variable" to a 2.x component and variable. */
    private static ObjectNode variable(String key) {
        int slash = key.indexOf('/');
        ObjectNode d = object();
        d.set("component", object().put("name", slash < 0 ? key : key.substring(0, slash)));
        d.set("variable", object().put("name", slash < 0 ? key : key.substring(slash + 1)));
        return d;
    }

    private static String key(JsonNode result) {
        return result.at("/component/name").asString() + "/" + result.at("/variable/name").asString();
    }

    private static Map<String, String> all(Collection<String> keys, String result) {
        var m = new LinkedHashMap<String, String>();
        keys.forEach(k -> m.put(k, result));
        return m;
    }

    private static ObjectNode object() {
        return Json.mapper().createObjectNode();
    }
}
