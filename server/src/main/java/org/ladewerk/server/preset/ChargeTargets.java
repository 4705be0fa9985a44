package org.ladewerk.server.preset;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.command.CommandResult;
import org.ladewerk.server.command.StationCommands;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.transaction.MeterSample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Stops transactions whose preset target is reached: the energy drawn since the transaction began (the
 * energy register over its first reading) or the car's state of charge, as meter values arrive on the
 * event bus. Runs on the publisher's thread after commit, so it only compares numbers from a map and
 * hands the stop to a virtual thread; a stop the station does not accept is asked again at the next
 * meter value. The map is rebuilt from the sessions' applied presets at start-up, so a restart does
 * not forget a target (the station's meter values arrive at the node holding its link, where this runs).
 */
@Component
public class ChargeTargets {

    private static final Logger log = LoggerFactory.getLogger(ChargeTargets.class);

    /** A running transaction's target; {@code baselineWh} is its first register reading. */
    private record Target(String stationId, String stationTransactionId, Long targetWh, Integer targetSocPercent,
                          Double baselineWh, boolean stopping) {
        Target withBaseline(double wh) {
            return new Target(stationId, stationTransactionId, targetWh, targetSocPercent, wh, stopping);
        }

        Target stopping(boolean value) {
            return new Target(stationId, stationTransactionId, targetWh, targetSocPercent, baselineWh, value);
        }
    }

    private final StationCommands commands;
    private final JdbcClient jdbc;
    private final ConcurrentHashMap<Long, Target> targets = new ConcurrentHashMap<>();

    public ChargeTargets(EventBus events, StationCommands commands, JdbcClient jdbc) {
        this.commands = commands;
        this.jdbc = jdbc;
        events.subscribeDirect(this::onEvent);
    }

    /** Watches a started transaction; {@code meterStartWh} may be null (taken from the first reading then). */
    void watch(long transactionId, String stationId, String stationTransactionId, Preset preset, Double meterStartWh) {
        if (preset.targetEnergyWh() == null && preset.targetSocPercent() == null) return;
        targets.put(transactionId, new Target(stationId, stationTransactionId, preset.targetEnergyWh(), preset.targetSocPercent(),
                meterStartWh, false));
    }

    boolean watching(long transactionId) {
        return targets.containsKey(transactionId);
    }

    private void onEvent(StationEvent event) {
        switch (event) {
            case StationEvent.MeterSampled m when m.transactionId() != null && targets.containsKey(m.transactionId()) -> sampled(m);
            case StationEvent.TransactionStopped t -> targets.remove(t.transactionId());
            default -> { }
        }
    }

    private void sampled(StationEvent.MeterSampled m) {
        Double register = value(m.samples(), MeterSample.ENERGY_REGISTER);
        Double soc = value(m.samples(), "SoC");
        Target t = targets.computeIfPresent(m.transactionId(), (id, old) -> old.baselineWh() == null && register != null ? old.withBaseline(register) : old);
        if (t == null || t.stopping()) return;
        boolean energyReached = t.targetWh() != null && register != null && register - t.baselineWh() >= t.targetWh();
        boolean socReached = t.targetSocPercent() != null && soc != null && soc >= t.targetSocPercent();
        if (!energyReached && !socReached) return;
        if (targets.replace(m.transactionId(), t, t.stopping(true))) stop(m.transactionId(), t);
    }

    private void stop(long transactionId, Target t) {
        log.info("transaction {} at {} reached its preset target; stopping it", transactionId, t.stationId());
        Thread.ofVirtual().name("preset-stop-" + transactionId).start(() -> commands.stopTransaction(t.stationId(), t.stationTransactionId())
                .whenComplete((result, failure) -> {
                    if (failure == null && result instanceof CommandResult.Answered a && "Accepted".equals(a.payload().path("status").asString()))
                        return;
                    log.warn("stopping transaction {} at its preset target failed ({}); trying again at the next meter value",
                            transactionId, failure != null ? failure.toString() : result);
                    targets.computeIfPresent(transactionId, (id, old) -> old.stopping(false));
                }));
    }

    /** The highest value of the measurand (whole meter, no phase), in Wh for energy; null when absent. */
    static Double value(List<MeterSample> samples, String measurand) {
        Double max = null;
        for (MeterSample s : samples) {
            if (!measurand.equals(s.measurand()) || s.phase() != null) continue;
            Double v = s.numericValue();
            if (v == null || v.isNaN() || v.isInfinite()) continue;
            double value = "kWh".equals(s.unit()) ? v * 1000 : v;
            if (max == null || value > max) max = value;
        }
        return max;
    }

    /** Open transactions with a target in their applied preset, as they were before a restart. */
    @EventListener(ApplicationReadyEvent.class)
    void restore() {
        jdbc.sql("""
                SELECT t.id, t.station_id, COALESCE(t.station_tx_id, CAST(t.id AS VARCHAR(36))) AS station_tx, t.meter_start_wh,
                  s.applied_preset FROM charging_transaction t JOIN charging_session s ON s.transaction_id = t.id
                WHERE t.stop_at IS NULL AND s.applied_preset IS NOT NULL""").query(rs -> {
            JsonNode p = Json.mapper().readTree(rs.getString("applied_preset"));
            BigDecimal start = rs.getBigDecimal("meter_start_wh");
            Preset preset = new Preset(null, p.path("mode").asString(), null, null,
                    p.hasNonNull("targetEnergyKWh") ? p.get("targetEnergyKWh").asDouble() : null,
                    p.hasNonNull("targetSocPercent") ? p.get("targetSocPercent").asInt() : null, null);
            watch(rs.getLong("id"), rs.getString("station_id"), rs.getString("station_tx"), preset, start == null ? null : start.doubleValue());
        });
        if (!targets.isEmpty()) log.info("watching {} running transactions for their preset targets", targets.size());
    }
}
