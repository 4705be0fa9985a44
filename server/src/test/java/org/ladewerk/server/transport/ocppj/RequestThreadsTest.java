package org.ladewerk.server.transport.ocppj;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestThreadsTest {

    /** Path to whether the request ran on a virtual thread. */
    private final Map<String, Boolean> virtual = new ConcurrentHashMap<>();
    private Server server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        var pool = new QueuedThreadPool(8, 2);
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server = new Server(pool);
        var connector = new ServerConnector(server);
        connector.setPort(0);
        server.addConnector(connector);
        Handler recorder = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (request.getHttpURI().getPath().equals("/none")) return false;
                virtual.put(request.getHttpURI().getPath(), Thread.currentThread().isVirtual());
                response.setStatus(204);
                callback.succeeded();
                return true;
            }
        };
        server.setHandler(new RequestThreads(recorder, server.getThreadPool()));
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void restRequestsRunOnPlatformThreadsAndWebSocketUpgradesOnVirtualOnes() throws Exception {
        assertThat(statusLine("/api/v1/stations", "")).contains("204");
        assertThat(statusLine("/ocpp/CP-1", "Upgrade: websocket\r\nConnection: Upgrade\r\n")).contains("204");
        assertThat(virtual).containsEntry("/api/v1/stations", false).containsEntry("/ocpp/CP-1", true);
    }

    @Test
    void aRequestNoHandlerTakesIsAnswered404() throws Exception {
        assertThat(statusLine("/none", "")).contains("404");
    }

    private String statusLine(String path, String headers) throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }
}
