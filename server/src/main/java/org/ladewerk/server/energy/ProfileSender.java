package org.ladewerk.server.energy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.ladewerk.server.command.CommandResult;
import org.ladewerk.server.command.StationCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns decisions into charging profiles through the version-neutral station commands: one
 * TxDefaultProfile per EVSE (stack level {@value #CONTROL_STACK_LEVEL}, id {@value #CONTROL_PROFILE_ID} +
 * EVSE id) that the manager moves, and one per station on EVSE 0 (stack level 0, id
 * {@value #FALLBACK_PROFILE_ID}) with the fallback current, sent in advance: what a station applies to
 * an EVSE the manager has not limited yet. A limit counts as sent only once the station accepted it;
 * until then the next round tries again. At most one profile per EVSE is in flight.
 */
@Component
class ProfileSender {

    static final int CONTROL_PROFILE_ID = 916_000;
    static final int CONTROL_STACK_LEVEL = 1;
    static final int FALLBACK_PROFILE_ID = 915_999;

    private static final Logger log = LoggerFactory.getLogger(ProfileSender.class);

    private final StationCommands commands;
    private final Decisions decisions;
    private final MeterRegistry metrics;
    private final Map<EvseKey, CompletableFuture<?>> inFlight = new ConcurrentHashMap<>();
    private final Set<String> fallbackInstalled = ConcurrentHashMap.newKeySet();
    private final Map<String, Counter> sent = new ConcurrentHashMap<>();

    ProfileSender(StationCommands commands, Decisions decisions, MeterRegistry metrics) {
        this.commands = commands;
        this.decisions = decisions;
        this.metrics = metrics;
    }

    /** Sends the fallback profile to an online station that has not accepted it since it came online here. */
    void ensureFallback(String stationId, boolean online, double fallbackA) {
        if (!online) {
            fallbackInstalled.remove(stationId); // sent again when it is back (it may have been reset)
            return;
        }
        if (fallbackInstalled.contains(stationId)) return;
        EvseKey key = new EvseKey(stationId, 0);
        send(key, () -> commands.limitCurrent(stationId, 0, FALLBACK_PROFILE_ID, 0, fallbackA, null), "fallback", () -> fallbackInstalled.add(stationId));
    }

    /** Sends the decision's limit unless the station already has it. */
    void apply(Decision d, Decisions.Stored stored) {
        boolean has = stored != null && stored.sentLimitA() != null && Math.abs(stored.sentLimitA() - d.limitA()) < 0.05
                && stored.sentPhases() != null && stored.sentPhases() == d.phases();
        if (has) return;
        EvseKey key = d.key();
        send(key, () -> commands.limitCurrent(key.stationId(), key.evseId(), CONTROL_PROFILE_ID + key.evseId(), CONTROL_STACK_LEVEL, d.limitA(),
                d.phases()), d.reason().key(), () -> decisions.sent(key, d.limitA(), d.phases(), Instant.now()));
    }

    private void send(EvseKey key, Supplier<CompletableFuture<CommandResult>> command, String reason, Runnable onAccepted) {
        var slot = new CompletableFuture<Void>();
        if (inFlight.putIfAbsent(key, slot) != null) return;
        command.get().whenComplete((result, error) -> {
            inFlight.remove(key);
            if (result instanceof CommandResult.Answered a && "Accepted".equals(a.payload().path("status").asString())) {
                sent.computeIfAbsent(reason, r -> Counter.builder("ladewerk.energy.profiles.sent").tag("reason", r)
                        .description("Charging profiles the stations accepted from the energy manager").register(metrics)).increment();
                onAccepted.run();
            } else {
                log.warn("energy manager: limit for {} not accepted ({}); trying again next round", key, error != null ? error : result);
            }
        });
    }
}
