package org.ladewerk.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.Api;
import org.ladewerk.server.support.ServerTest;

/** The UI's log-in session and its CSRF protection, beside the stateless API that integrations use. */
class WebSecurityTest extends ServerTest {

    @Test
    void pagesAskForTheLogInWhileTheApiAnswers401() {
        try (var browser = new BrowserSession(port)) {
            var root = browser.get("/");
            assertThat(root.statusCode()).isEqualTo(302);
            assertThat(root.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
            assertThat(browser.get("/index.html").statusCode()).isEqualTo(302);
            var login = browser.get("/login");
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.body()).contains("<form", "name=\"_csrf\"");
            assertThat(browser.csrfToken()).isNotEmpty();
            assertThat(browser.get("/assets/app.css").statusCode()).isEqualTo(200);

            var api = browser.get("/api/v1/stations");
            assertThat(api.statusCode()).isEqualTo(401);
            assertThat(api.headers().firstValue("Location")).isEmpty();
        }
        // a client without a session has nothing to forge: no credentials is 401, as for every API call
        try (var stranger = new BrowserSession(port)) {
            assertThat(stranger.json("POST", "/api/v1/id-tags", "{\"idTag\":\"NOBODY\"}", false).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void wrongPasswordIsRefused() {
        try (var browser = new BrowserSession(port)) {
            var answer = browser.logIn("admin", "not-the-password");
            assertThat(answer.statusCode()).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
            assertThat(browser.get("/api/v1/stations").statusCode()).isEqualTo(401);
            assertThat(browser.get("/").statusCode()).isEqualTo(302);
        }
    }

    @Test
    void logInWithoutTheCsrfTokenIsRefused() {
        try (var browser = new BrowserSession(port)) {
            var answer = browser.postForm("/login", Map.of("username", "admin", "password", "admin"));
            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(browser.get("/api/v1/stations").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void theSessionOpensThePagesAndTheApi() {
        try (var browser = new BrowserSession(port)) {
            var answer = browser.logIn("admin", "admin");
            assertThat(answer.statusCode()).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/"));
            assertThat(answer.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("JSESSIONID=")
                    .containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax"));

            var page = browser.get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("/assets/js/main.js");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
            assertThat(browser.json("GET", "/api/v1/stations", null, false).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void stateChangingCallsOfTheSessionNeedTheCsrfToken() {
        String tag = unique("CSRF", 16);
        try (var browser = new BrowserSession(port)) {
            browser.logIn("admin", "admin");
            String body = "{\"idTag\":\"" + tag + "\"}";
            assertThat(browser.json("POST", "/api/v1/id-tags", body, false).statusCode()).isEqualTo(403);
            assertThat(browser.json("PUT", "/api/v1/id-tags/" + tag, "{}", false).statusCode()).isEqualTo(403);
            assertThat(api().get("/api/v1/id-tags/" + tag).status()).isEqualTo(404);

            assertThat(browser.json("POST", "/api/v1/id-tags", body, true).statusCode()).isEqualTo(201);
            assertThat(browser.json("DELETE", "/api/v1/id-tags/" + tag, null, false).statusCode()).isEqualTo(403);
            assertThat(browser.json("DELETE", "/api/v1/id-tags/" + tag, null, true).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void aWrongBasicHeaderBesideTheSessionCookieFailsInsteadOfSkippingCsrf() {
        String tag = unique("FORGED").substring(0, 16);
        String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString("admin:not-the-password".getBytes(StandardCharsets.UTF_8));
        try (var browser = new BrowserSession(port)) {
            browser.logIn("admin", "admin");
            var forged = browser.json("POST", "/api/v1/id-tags", "{\"idTag\":\"" + tag + "\"}", false, wrong);
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(api().get("/api/v1/id-tags/" + tag).status()).isEqualTo(404);
            // the session itself is untouched and still works with its token
            assertThat(browser.json("GET", "/api/v1/stations", null, false).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void integrationsNeedNoCsrfToken() {
        String tag = unique("BASIC", 16);
        var request = HttpRequest.newBuilder(api().uri("/api/v1/id-tags")).header("Authorization", Api.ADMIN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"idTag\":\"" + tag + "\"}"));
        var answer = api().send(request);
        assertThat(answer.status()).isEqualTo(201);
    }

    @Test
    void logOutEndsTheSession() {
        try (var browser = new BrowserSession(port)) {
            browser.logIn("admin", "admin");
            assertThat(browser.get("/api/v1/stations").statusCode()).isEqualTo(200);
            var answer = browser.postForm("/logout", Map.of("_csrf", browser.csrfToken()));
            assertThat(answer.statusCode()).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?logout"));
            assertThat(browser.get("/api/v1/stations").statusCode()).isEqualTo(401);
        }
    }
}
