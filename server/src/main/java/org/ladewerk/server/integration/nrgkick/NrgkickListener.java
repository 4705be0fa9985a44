package org.ladewerk.server.integration.nrgkick;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.ladewerk.server.site.SiteModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The NRGkick Custom API: an NRGkick wallbox set to "Custom" polls this small HTTP server for
 * {@code GET /api/v1/values.json} and {@code GET /api/v1/info.json} to learn PV, grid, battery and
 * house values. A listener of its own ({@code ladewerk.nrgkick.port}, off by default) rather than a
 * path of the main server: the wallbox knows no log-in, and these two read-only documents are all
 * it may reach. Answers come from the in-memory site model. Any other path is 404; a method other
 * than GET is 405 with {@code Allow: GET}.
 */
@Component
public class NrgkickListener implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(NrgkickListener.class);

    private final HttpServer server;

    NrgkickListener(NrgkickProperties properties, SiteModel model) throws IOException {
        if (properties.port() == null) {
            server = null;
            return;
        }
        var documents = new NrgkickDocuments(properties);
        String info = documents.info();
        server = HttpServer.create(new InetSocketAddress(properties.host(), properties.port()), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> answer(exchange, switch (exchange.getRequestURI().getPath()) {
            case "/api/v1/values.json" -> () -> documents.values(model.view());
            case "/api/v1/info.json" -> () -> info;
            default -> null;
        }));
        server.start();
        log.info("NRGkick Custom API listening on {}:{}", properties.host(), port());
    }

    private static void answer(HttpExchange exchange, Supplier<String> document) throws IOException {
        try (exchange) {
            var headers = exchange.getResponseHeaders();
            if (document == null) {
                send(exchange, 404, "{\"error\":\"not found\"}");
            } else if (!exchange.getRequestMethod().equals("GET")) {
                headers.set("Allow", "GET");
                send(exchange, 405, "{\"error\":\"method not allowed\"}");
            } else {
                send(exchange, 200, document.get());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The bound port (for port 0), or -1 when the listener is off. */
    public int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    @Override
    public void destroy() {
        if (server != null) server.stop(0);
    }
}
