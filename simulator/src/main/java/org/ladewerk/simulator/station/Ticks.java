package org.ladewerk.simulator.station;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic tasks of many stations (meter ticks, heartbeats), batched: tasks of the same period whose
 * phases fall in the same slot (a thousandth of the period, at least 1 ms) share one timer task. A load
 * of 10,000 stations ticking every 100 ms is then 100 timer tasks instead of 10,000, and the timer fires
 * 1,000 times a second instead of 100,000: as one task each, their re-queueing in the timer's delay
 * queue took 29 % of the load generator's CPU at saturation (round 40 of the benchmark).
 */
public final class Ticks {

    /** A task's place in its group; cancelling it leaves the group, the last one out stops the group's timer task. */
    public interface Tick {
        void cancel();
    }

    private static final Logger log = LoggerFactory.getLogger(Ticks.class);
    /** Slots per period: the phases' resolution. */
    static final int SLOTS = 1000;

    private record Key(long periodMillis, long slot) {}

    private final class Group implements Runnable {
        final Key key;
        final List<Runnable> tasks = new CopyOnWriteArrayList<>();
        ScheduledFuture<?> future; // guarded by Ticks.this

        Group(Key key) {
            this.key = key;
        }

        @Override
        public void run() {
            for (Runnable task : tasks) {
                try {
                    task.run();
                } catch (RuntimeException e) { // a periodic task that throws is never run again: keep the others going
                    log.warn("a periodic task failed", e);
                }
            }
        }
    }

    private final ScheduledExecutorService timers;
    private final Map<Key, Group> groups = new HashMap<>(); // guarded by this

    public Ticks(ScheduledExecutorService timers) {
        this.timers = timers;
    }

    /** Runs {@code task} every {@code periodMillis}, first after about {@code phaseMillis} (0 to the period). */
    public synchronized Tick every(long periodMillis, long phaseMillis, Runnable task) {
        long period = Math.max(1, periodMillis);
        long slotMillis = Math.max(1, period / SLOTS);
        var key = new Key(period, Math.floorMod(phaseMillis, period) / slotMillis);
        Group group = groups.computeIfAbsent(key, Group::new);
        group.tasks.add(task);
        if (group.future == null) group.future = timers.scheduleAtFixedRate(group, key.slot() * slotMillis, period, TimeUnit.MILLISECONDS);
        return () -> leave(group, task);
    }

    private synchronized void leave(Group group, Runnable task) {
        if (!group.tasks.remove(task) || !group.tasks.isEmpty()) return;
        group.future.cancel(false); // set as the group was created, before any task could leave it
        groups.remove(group.key, group);
    }

    /** Timer tasks running now (one per group). */
    synchronized int groups() {
        return groups.size();
    }
}
