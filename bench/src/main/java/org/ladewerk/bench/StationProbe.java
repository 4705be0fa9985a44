package org.ladewerk.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.ladewerk.simulator.Emulator;
import org.ladewerk.simulator.config.StationConfig;
import org.ladewerk.simulator.link.CallObserver;
import org.ladewerk.simulator.station.Behaviour;

/**
 * A few charging stations of the bench's own beside the load generator's, sending MeterValues every 250 ms:
 * their round trips, each with the time it was answered, tell how station traffic fared in one phase of a
 * run against another (the load generator reports one figure for its whole run).
 */
final class StationProbe implements AutoCloseable {

    /** MeterValues round trips in one phase, in milliseconds. */
    record Latencies(long count, long errors, double p50Ms, double p99Ms, double maxMs) {}

    private record Answer(long atNanos, double ms, boolean error) {}

    private final List<Answer> answers = new ArrayList<>();
    private final Emulator emulator;

    /** {@code count} stations, each charging on its own id tag ({@code PROBE-1}...: the central system must accept unknown tags). */
    StationProbe(int port, int count) {
        CallObserver observer = new CallObserver() {
            @Override
            public void answered(String action, long nanos, boolean error) {
                if (!action.equals("MeterValues")) return;
                var a = new Answer(System.nanoTime(), nanos / 1e6, error);
                synchronized (answers) {
                    answers.add(a);
                }
            }
        };
        emulator = new Emulator(Emulator.Options.defaults().withUrl("ws://127.0.0.1:" + port + "/ocpp").withObserver(observer));
        for (int i = 1; i <= count; i++) {
            var behaviour = new Behaviour(0, null, Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(1), List.of("PROBE-" + i), true, 0,
                    Duration.ofMinutes(5), Duration.ofMillis(250), true);
            emulator.add(StationConfig.create("PROBE-" + i, "ws://127.0.0.1:" + port + "/ocpp", 1, "Ladewerk", "Probe"), null, behaviour)
                    .start();
        }
    }

    /** The round trips answered at a time {@code when} accepts (System.nanoTime()). */
    Latencies latencies(LongPredicate when) {
        List<Answer> in;
        synchronized (answers) {
            in = answers.stream().filter(a -> when.test(a.atNanos())).toList();
        }
        double[] ms = in.stream().filter(a -> !a.error()).mapToDouble(Answer::ms).sorted().toArray();
        long errors = in.stream().filter(Answer::error).count();
        return new Latencies(in.size(), errors, Percentiles.of(ms, 0.50), Percentiles.of(ms, 0.99), ms.length == 0 ? 0 : ms[ms.length - 1]);
    }

    @Override
    public void close() {
        emulator.close();
    }
}
