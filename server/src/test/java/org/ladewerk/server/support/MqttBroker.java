package org.ladewerk.server.support;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Properties;

/** A real MQTT broker (Moquette) in the test JVM on a free port, which it keeps across a restart. */
public final class MqttBroker implements AutoCloseable {

    private final int port;
    private Server server;

    public MqttBroker() {
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public MqttBroker start() {
        var p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("netty.epoll", "false");
        p.setProperty("telemetry_enabled", "false"); // no report to Moquette's makers from a test
        server = new Server();
        try {
            server.startServer(new MemoryConfig(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public void stop() {
        if (server != null) server.stopServer();
        server = null;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }
}
