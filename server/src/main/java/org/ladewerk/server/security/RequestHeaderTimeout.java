package org.ladewerk.server.security;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.stereotype.Component;

/**
 * Bounds the time a client may take to send a complete request header (slowloris). Jetty's idle
 * timeout restarts with every byte, so a client sending one header line every 20 s would hold its
 * connection, and a thread of attention, forever. Each HTTP connection is looked at every
 * {@code ladewerk.http.header-timeout}: one that has been in the middle of the same request header
 * at two looks in a row is closed, so a header gets at least that long and at most twice that.
 * Upgraded WebSocket connections and request bodies are not affected.
 */
@Component
class RequestHeaderTimeout implements JettyServerCustomizer {

    private final Duration timeout;

    RequestHeaderTimeout(@Value("${ladewerk.http.header-timeout:10s}") Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void customize(Server server) {
        for (var connector : server.getConnectors()) {
            if (!(connector instanceof AbstractConnector c)) continue;
            c.addEventListener(new Connection.Listener() {
                @Override
                public void onOpened(Connection connection) {
                    if (connection instanceof HttpConnection http) {
                        var watch = new Watch(http, c.getScheduler());
                        http.addEventListener(watch);
                        watch.next();
                    }
                }
            });
        }
    }

    /**
     * Lets go of its connection when that closes or is upgraded, so that the scheduled look does not
     * keep a WebSocket's finished HTTP exchange in memory until it runs.
     */
    private final class Watch implements Runnable, Connection.Listener {
        private volatile HttpConnection connection;
        private final Scheduler scheduler;
        private volatile Scheduler.Task task;
        private boolean inHeader;
        private long requests = -1;

        Watch(HttpConnection connection, Scheduler scheduler) {
            this.connection = connection;
            this.scheduler = scheduler;
        }

        void next() {
            task = scheduler.schedule(this, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void onClosed(Connection closed) {
            connection = null;
            Scheduler.Task t = task;
            if (t != null) t.cancel();
        }

        @Override
        public void run() {
            HttpConnection connection = this.connection;
            if (connection == null) return;
            var endPoint = connection.getEndPoint();
            if (!endPoint.isOpen() || endPoint.getConnection() != connection) return; // closed or upgraded
            HttpParser.State state = connection.getParser().getState();
            boolean nowInHeader = state.ordinal() > HttpParser.State.START.ordinal() && state.ordinal() <= HttpParser.State.HEADER.ordinal();
            long nowRequests = connection.getMessagesIn();
            if (nowInHeader && inHeader && nowRequests == requests) {
                endPoint.close();
                return;
            }
            inHeader = nowInHeader;
            requests = nowRequests;
            next();
        }
    }
}
