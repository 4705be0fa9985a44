package org.ladewerk.server.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.ladewerk.ocpp.Json;
import tools.jackson.databind.JsonNode;

/** Plain HTTP calls to the running server's API, authenticated as the default admin. */
public record Api(int port) {

    public record Response(int status, String body) {
        public JsonNode json() {
            return Json.mapper().readTree(body);
        }
    }

    public static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", ADMIN).GET());
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response put(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", ADMIN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", ADMIN).DELETE());
    }

    public Response send(HttpRequest.Builder request) {
        try (var client = HttpClient.newHttpClient()) {
            var r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
