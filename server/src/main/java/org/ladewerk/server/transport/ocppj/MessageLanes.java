package org.ladewerk.server.transport.ocppj;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Handles the stations' messages (parsing, validating, handing them to the store) and sends their
 * answers at most {@code lanes} at a time; the rest wait here in arrival order, answers first, since
 * they finish work already done. Virtual threads are scheduled first come, first served: with every
 * station's message on the scheduler's queue at full ingest, an HTTP request (REST API, web UI)
 * waited behind all of them. Waiting here instead, the scheduler's queue holds little of that work
 * and a request gets its turn sooner; the stations are served in the same order as before.
 * <p>
 * A task runs on the calling thread while a lane is free and nothing waits, so an unloaded server
 * adds no hop. A waiting task starts on a virtual thread of its own when a lane frees, at the back
 * of the scheduler's queue like any other, so a busy lane never keeps an HTTP request from its turn.
 */
final class MessageLanes {

    private final int lanes;
    private final AtomicInteger busy = new AtomicInteger();
    private final Queue<Runnable> answers = new ConcurrentLinkedQueue<>();
    private final Queue<Runnable> messages = new ConcurrentLinkedQueue<>();
    private final Executor threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ocpp-lane-", 0).factory());

    MessageLanes(int lanes) {
        if (lanes < 1) throw new IllegalArgumentException("at least one lane, not " + lanes);
        this.lanes = lanes;
    }

    /** Handles a station's message in its turn. */
    void handle(Runnable message) {
        enqueue(messages, message);
    }

    /** Sends an answer in its turn, before any message that waits. */
    void answer(Runnable answer) {
        enqueue(answers, answer);
    }

    private void enqueue(Queue<Runnable> queue, Runnable task) {
        if (answers.isEmpty() && messages.isEmpty() && tryTakeLane()) {
            run(task);
            return;
        }
        queue.add(task);
        startWaiting();
    }

    private void run(Runnable task) {
        try {
            task.run();
        } finally {
            busy.decrementAndGet();
            startWaiting();
        }
    }

    /** Starts waiting tasks while lanes are free. Called after every enqueue and every finished task, so none is left behind. */
    private void startWaiting() {
        while ((!answers.isEmpty() || !messages.isEmpty()) && tryTakeLane()) {
            Runnable next = answers.poll();
            if (next == null) next = messages.poll();
            if (next == null) {
                busy.decrementAndGet(); // another thread took it meanwhile
                continue;
            }
            Runnable task = next;
            threads.execute(() -> run(task));
        }
    }

    private boolean tryTakeLane() {
        for (int n = busy.get(); n < lanes; n = busy.get())
            if (busy.compareAndSet(n, n + 1)) return true;
        return false;
    }
}
