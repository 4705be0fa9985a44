package org.ladewerk.simulator.load;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.ladewerk.ocpp.v16.MeterValue;
import org.ladewerk.ocpp.v16.MeterValuesRequest;
import org.ladewerk.ocpp.v16.SampledValue;
import org.ladewerk.simulator.Emulator;
import org.ladewerk.simulator.link.Delivery;
import org.ladewerk.simulator.link.OcppLink;
import org.ladewerk.simulator.station.Ticks;
import tools.jackson.databind.node.ObjectNode;

/**
 * The transport baseline: a connection that sends the same MeterValues frames a charging station
 * sends, at the same interval, to an endpoint that echoes every frame. The echo counts as the answer.
 */
final class EchoStation implements OcppLink.Handler {

    private final OcppLink link;
    private final Ticks ticks;
    private final Duration interval;
    private final List<SampledValue> values;
    private Ticks.Tick tick;

    EchoStation(Emulator emulator, String identity, String url, Duration interval, List<String> measurands) {
        this.link = emulator.link(identity, url, this);
        this.ticks = emulator.ticks();
        this.interval = interval;
        this.values = sample(measurands);
    }

    void start() {
        link.start();
    }

    boolean open() {
        return link.isOpen();
    }

    @Override
    public synchronized void connected() {
        link.ready(true);
        if (tick == null) {
            long ms = interval.toMillis();
            tick = ticks.every(ms, ThreadLocalRandom.current().nextLong(ms), this::send);
        }
    }

    @Override
    public void disconnected() {
    }

    @Override
    public CompletableFuture<?> call(String action, ObjectNode payload) {
        return CompletableFuture.failedFuture(new IllegalStateException("an echo peer sends no calls"));
    }

    private void send() {
        // like a station, one call at a time: a sample waits while the previous one is unanswered
        if (link.backlog() > 0) return;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        link.call("MeterValues", new MeterValuesRequest(1, 1, List.of(new MeterValue(now, values))), Delivery.ONLINE)
                .exceptionally(e -> null);
    }

    /** What a charging 11 kW three-phase connector reports. */
    private static List<SampledValue> sample(List<String> measurands) {
        var out = new ArrayList<SampledValue>();
        for (String m : measurands) {
            switch (m) {
                case "Energy.Active.Import.Register" -> out.add(new SampledValue("123456", "Sample.Periodic", null, m, null, null, "Wh"));
                case "Power.Active.Import" -> out.add(new SampledValue("11000.0", "Sample.Periodic", null, m, null, null, "W"));
                case "Current.Import" -> {
                    for (String p : new String[] {"L1", "L2", "L3"})
                        out.add(new SampledValue("15.9", "Sample.Periodic", null, m, p, null, "A"));
                }
                case "Voltage" -> {
                    for (String p : new String[] {"L1-N", "L2-N", "L3-N"})
                        out.add(new SampledValue("230.4", "Sample.Periodic", null, m, p, null, "V"));
                }
                case "SoC" -> out.add(new SampledValue("57", "Sample.Periodic", null, m, null, "EV", "Percent"));
                default -> out.add(new SampledValue("0.0", "Sample.Periodic", null, m, null, null, null));
            }
        }
        return out;
    }
}
