package org.ladewerk.server.integration.mqtt;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-off between the MQTT client's network thread and the bridge's worker: per topic only the
 * latest payload waits (a newer one replaces it in place, and the replaced one counts as dropped, since
 * the site model would have overwritten it anyway), bounded by topics and bytes. {@link #offer} never
 * blocks, so a broker flood costs the network thread a map update and never reaches station traffic.
 */
final class LatestByTopic {

    /** What {@link #offer} did with a message. */
    enum Outcome { QUEUED, REPLACED, DROPPED }

    private final int maxTopics;
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition waiting = lock.newCondition();
    private final LinkedHashMap<String, String> pending = new LinkedHashMap<>();
    private long bytes;

    LatestByTopic(int maxTopics, long maxBytes) {
        this.maxTopics = maxTopics;
        this.maxBytes = maxBytes;
    }

    Outcome offer(String topic, String payload) {
        lock.lock();
        try {
            String before = pending.get(topic);
            long after = bytes - (before == null ? 0 : size(topic, before)) + size(topic, payload);
            if (after > maxBytes || (before == null && pending.size() >= maxTopics)) return Outcome.DROPPED;
            pending.put(topic, payload); // a replaced topic keeps its place in line
            bytes = after;
            if (before != null) return Outcome.REPLACED;
            waiting.signal();
            return Outcome.QUEUED;
        } finally {
            lock.unlock();
        }
    }

    /** The oldest waiting topic with its latest payload; null when none came within {@code timeoutMs}. */
    Map.Entry<String, String> take(long timeoutMs) throws InterruptedException {
        lock.lock();
        try {
            long left = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (pending.isEmpty()) {
                if (left <= 0) return null;
                left = waiting.awaitNanos(left);
            }
            Map.Entry<String, String> first = pending.pollFirstEntry();
            bytes -= size(first.getKey(), first.getValue());
            return first;
        } finally {
            lock.unlock();
        }
    }

    int waiting() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    private static long size(String topic, String payload) {
        return 2L * (topic.length() + payload.length());
    }
}
