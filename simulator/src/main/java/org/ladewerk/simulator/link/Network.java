package org.ladewerk.simulator.link;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The client side of every station in a process: Jetty WebSocket clients sharing one thread pool,
 * one client per local source address. Jetty's client is non-blocking with pooled buffers, so
 * thousands of stations cost a few selector threads; several source addresses (127.0.0.2,
 * 127.0.0.3, ...) give more ephemeral ports than one address has.
 */
public final class Network implements AutoCloseable {

    private final List<WebSocketClient> clients = new ArrayList<>();
    private final QueuedThreadPool threads;
    private final ScheduledExecutorScheduler scheduler;
    private final AtomicInteger next = new AtomicInteger();

    /** @param bindAddresses local addresses to connect from, round robin; empty: let the system choose. */
    public Network(List<InetAddress> bindAddresses, int maxThreads) {
        threads = new QueuedThreadPool(maxThreads, Math.min(8, maxThreads));
        threads.setName("emulator-net");
        threads.setDaemon(true);
        scheduler = new ScheduledExecutorScheduler("emulator-net-scheduler", true);
        List<InetAddress> addresses = bindAddresses.isEmpty() ? java.util.Collections.singletonList(null) : bindAddresses;
        try {
            threads.start();
            scheduler.start();
            for (InetAddress address : addresses) {
                HttpClient http = new HttpClient();
                http.setExecutor(threads);
                http.setScheduler(scheduler);
                // A connection is pooled only while its upgrade runs. The pool is scanned on every acquire,
                // so it stays small; a boot storm queues its handshakes instead (hence the long queue).
                http.setMaxConnectionsPerDestination(256);
                http.setMaxRequestsQueuedPerDestination(1_000_000);
                http.setConnectTimeout(10_000);
                if (address != null) http.setBindAddress(new InetSocketAddress(address, 0));
                WebSocketClient client = new WebSocketClient(http);
                client.setIdleTimeout(Duration.ofMinutes(30));
                client.setMaxTextMessageSize(1 << 20);
                client.setStopAtShutdown(false);
                client.start();
                clients.add(client);
            }
        } catch (Exception e) {
            close();
            throw new IllegalStateException("could not start the WebSocket client", e);
        }
    }

    public static Network local() {
        return new Network(List.of(), 64);
    }

    WebSocketClient client() {
        return clients.get(Math.floorMod(next.getAndIncrement(), clients.size()));
    }

    @Override
    public void close() {
        for (WebSocketClient c : clients) {
            try {
                c.stop();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        try {
            scheduler.stop();
            threads.stop();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
