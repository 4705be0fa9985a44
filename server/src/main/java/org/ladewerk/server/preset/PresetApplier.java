package org.ladewerk.server.preset;

import java.math.BigDecimal;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.command.StationCommands;
import org.ladewerk.server.energy.EnergyManager;
import org.ladewerk.server.energy.EvseMode;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.session.SessionStore;
import org.ladewerk.server.store.GroupCommitter;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies a driver's preset when a transaction starts with one of its tags. The preset is looked up in
 * the store unit of the start (one indexed query), and after commit, on a virtual thread, the station
 * gets a TxProfile for that transaction through the version-neutral commands: {@code maxCurrentA} and
 * {@code phases} as the limit, 0 A for mode {@code off}, a 6 A minimum rate for {@code minpv}; {@code now}
 * and {@code pv} without {@code maxCurrentA} send no profile (until the energy manager takes over the
 * PV modes, {@code pv} is "no limit beyond maxCurrentA"). On an EVSE the energy manager controls, the
 * preset's mode and ceiling go to the manager instead, since a TxProfile would override its limits.
 * The preset, whose it was and the station's answer are then recorded on the session, and
 * {@link ChargeTargets} watches its target.
 */
@Component
public class PresetApplier {

    /** Profile ids of presets: one per EVSE, so a new transaction's profile replaces a finished one's. */
    static final int PROFILE_ID_BASE = 140_000;

    private static final Logger log = LoggerFactory.getLogger(PresetApplier.class);

    private final Presets presets;
    private final StationCommands commands;
    private final GroupCommitter store;
    private final SessionStore sessions;
    private final ChargeTargets targets;
    private final EnergyManager energy;

    public PresetApplier(EventBus events, Presets presets, StationCommands commands, GroupCommitter store, SessionStore sessions,
                         ChargeTargets targets, EnergyManager energy) {
        this.energy = energy;
        this.presets = presets;
        this.commands = commands;
        this.store = store;
        this.sessions = sessions;
        this.targets = targets;
        events.addTransactionalListener(this::onEvent);
    }

    private void onEvent(Tx tx, StationEvent event) {
        if (!(event instanceof StationEvent.TransactionStarted t) || t.evseId() <= 0) return;
        presets.forTag(tx, t.idTag()).ifPresent(found -> {
            BigDecimal meterStart = tx.jdbc().sql("SELECT meter_start_wh FROM charging_transaction WHERE id = ?")
                    .param(t.transactionId()).query(BigDecimal.class).optional().orElse(null);
            tx.afterCommit(() -> {
                targets.watch(t.transactionId(), t.stationId(), t.stationTransactionId(), found.preset(),
                        meterStart == null ? null : meterStart.doubleValue());
                Thread.ofVirtual().name("preset-" + t.transactionId()).start(() -> apply(t, found));
            });
        });
    }

    private void apply(StationEvent.TransactionStarted t, Presets.Found found) {
        Preset p = found.preset();
        String answer = null;
        if (energy.manages(t.stationId())) {
            try {
                energy.applyPreset(t.stationId(), t.evseId(), EvseMode.of(p.mode()), p.maxCurrentA());
                answer = "energy-manager";
            } catch (RuntimeException e) {
                answer = "Failed: " + e.getMessage();
                log.warn("the preset of {} for transaction {} at {} could not be handed to the energy manager: {}", found.username(),
                        t.transactionId(), t.stationId(), e.getMessage());
            }
        } else if (p.limitA() != null) {
            try {
                // the transport sends it after the answer to StartTransaction, so the station knows the transaction id
                answer = commands.limitTransaction(t.stationId(), t.evseId(), t.stationTransactionId(),
                        PROFILE_ID_BASE + t.evseId(), p.limitA(), p.phases(), p.minimumA()).join().outcome();
            } catch (RuntimeException e) {
                answer = "Failed: " + e;
            }
            if (!"Accepted".equals(answer))
                log.warn("the preset of {} for transaction {} at {}: the station's profile answer was {}", found.username(),
                        t.transactionId(), t.stationId(), answer);
        }
        ObjectNode applied = Json.mapper().valueToTree(p);
        applied.put("user", found.username());
        if (answer != null) applied.put("profile", answer);
        String json = applied.toString();
        store.submit(tx -> {
            sessions.presetApplied(tx, t.transactionId(), json);
            return null;
        }).exceptionally(e -> {
            log.error("recording the preset applied to transaction {} failed", t.transactionId(), e);
            return null;
        });
    }
}
