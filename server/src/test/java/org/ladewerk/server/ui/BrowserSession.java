package org.ladewerk.server.ui;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** What a browser does at the HTTP level: keeps cookies, logs in with the form, and sends the CSRF header only when told. */
final class BrowserSession implements AutoCloseable {

    private final int port;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient client;

    BrowserSession(int port) {
        this.port = port;
        this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** GETs the log-in page (which sets the CSRF cookie), then posts the form; returns the response (a redirect). */
    HttpResponse<String> logIn(String user, String password) {
        get("/login");
        return postForm("/login", Map.of("username", user, "password", password, "_csrf", csrfToken()));
    }

    HttpResponse<String> postForm(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    /** A JSON call as the UI's script makes it; {@code withCsrf} adds the X-XSRF-TOKEN header from the cookie. */
    HttpResponse<String> json(String method, String path, String json, boolean withCsrf) {
        return json(method, path, json, withCsrf, null);
    }

    /** As above, with an Authorization header of its own beside the session cookie. */
    HttpResponse<String> json(String method, String path, String json, boolean withCsrf, String authorization) {
        var request = request(path).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (withCsrf) request.header("X-XSRF-TOKEN", csrfToken());
        if (authorization != null) request.header("Authorization", authorization);
        return send(request);
    }

    String csrfToken() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElse("");
    }

    @Override
    public void close() {
        client.close();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
