package org.ladewerk.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.ladewerk.server.energy.Allocator;
import org.ladewerk.server.energy.Decision;
import org.ladewerk.server.energy.EvseKey;
import org.ladewerk.server.energy.EvseMode;
import org.ladewerk.server.energy.Rules;

/**
 * Benchmark scenario, not part of {@code mvn verify}: the CPU time of one energy-manager round for a
 * site of {@code -Dladewerk.bench.energy.evses} EVSEs (default 1,000) in 20 circuits, mixed modes and
 * priorities, cars arriving, drawing and leaving between rounds; 300 rounds to warm up, then 300
 * measured with the thread's CPU clock. Prints the median, the 99th percentile and the worst. Run with
 * {@code mvn -pl server -am test -Dtest=EnergyRoundScenario -Dladewerk.bench.energy=true -Dsurefire.failIfNoSpecifiedTests=false}.
 * It times the allocation, which is what grows with the site; the loop around it reads two tables and
 * writes only the decisions that changed.
 */
@EnabledIfSystemProperty(named = "ladewerk.bench.energy", matches = "true")
class EnergyRoundScenario {

    @Test
    void oneRoundForAThousandEvses() {
        int n = Integer.getInteger("ladewerk.bench.energy.evses", 1000);
        var circuits = new HashMap<String, Double>();
        for (int c = 0; c < 20; c++) circuits.put("C" + c, 10.0 * n / 20);
        Rules rules = Rules.defaults(8.0 * n).withCircuits(circuits);
        EvseMode[] modes = EvseMode.values();
        var random = new java.util.Random(1);
        Map<EvseKey, Decision> previous = new HashMap<>();
        var bean = ManagementFactory.getThreadMXBean();
        long[] cpu = new long[300];
        Instant t = Instant.parse("2026-06-21T08:00:00Z");
        for (int round = 0; round < 600; round++) {
            var evses = new ArrayList<Allocator.Evse>(n);
            for (int i = 0; i < n; i++) {
                EvseKey key = new EvseKey("ST" + (i / 2), 1 + i % 2);
                Decision d = previous.get(key);
                double drawn = d == null ? 0 : d.limitA() * 690 * (0.8 + 0.2 * random.nextDouble());
                evses.add(new Allocator.Evse(key, modes[i % modes.length], 6, i % 3 == 0 ? 16 : 32, i % 4, i % 10 == 0, "C" + (i % 20),
                        i % 50 != 0, (i + round / 30) % 5 != 0, drawn));
            }
            var site = new Allocator.Site(-50_000.0 + 10_000 * random.nextDouble(), -2000.0, 60.0);
            long start = bean.getCurrentThreadCpuTime();
            var result = Allocator.allocate(rules, site, evses, previous, t);
            long used = bean.getCurrentThreadCpuTime() - start;
            for (Decision d : result.decisions()) previous.put(d.key(), d);
            if (round >= 300) cpu[round - 300] = used;
            t = t.plusSeconds(10);
            assertThat(result.decisions()).hasSize(n);
        }
        Arrays.sort(cpu);
        System.out.printf("energy round, %d EVSEs: CPU median %.2f ms, p99 %.2f ms, worst %.2f ms (300 rounds after 300 warm-up)%n", n,
                cpu[150] / 1e6, cpu[296] / 1e6, cpu[299] / 1e6);
    }
}
