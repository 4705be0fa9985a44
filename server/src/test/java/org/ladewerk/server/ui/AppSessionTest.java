package org.ladewerk.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ladewerk.ocpp.Json;
import org.ladewerk.server.support.AppClient;
import org.ladewerk.server.support.ServerTest;

/**
 * The web UI's log-in on the app API: a driver's session is its user there (the seam app-data's pages
 * use), state-changing calls need the CSRF token, and the driver lands on its own page, not the dashboard.
 */
class AppSessionTest extends ServerTest {

    @Test
    void aDriversSessionIsItsUserOnTheAppApiAndNeedsTheCsrfTokenToAct() {
        String name = unique("drv");
        AppClient.createUser(api(), name, "correct-horse-9", "driver", "[\"" + unique("T", 20) + "\"]",
                "[{\"stationId\":\"CP-SESSION\",\"evseId\":1}]");
        try (var browser = new BrowserSession(port)) {
            var login = browser.logIn(name, "correct-horse-9");
            assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/my.html"));
            assertThat(browser.get("/").statusCode()).isEqualTo(403); // the operators' dashboard

            var me = browser.json("GET", "/api/app/v1/me", null, false);
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(Json.mapper().readTree(me.body()).get("username").asString()).isEqualTo(name);
            assertThat(Json.mapper().readTree(me.body()).get("scopes").size()).isEqualTo(3);

            assertThat(browser.json("POST", "/api/app/v1/charge-points/CP-SESSION/1/start", "{}", false).statusCode()).isEqualTo(403);
            // with the token the call goes through to the station, which is not connected
            assertThat(browser.json("POST", "/api/app/v1/charge-points/CP-SESSION/1/start", "{}", true).statusCode()).isEqualTo(404);
            assertThat(browser.json("GET", "/api/v1/stations", null, false).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void theConfiguredAdminsSessionIsAnAdminOnTheAppApi() {
        try (var browser = new BrowserSession(port)) {
            browser.logIn("admin", "admin");
            var me = Json.mapper().readTree(browser.json("GET", "/api/app/v1/me", null, false).body());
            assertThat(me.get("username").asString()).isEqualTo("admin");
            assertThat(me.get("role").asString()).isEqualTo("admin");
        }
    }

    @Test
    void theLogInFormLocksOutAUserAfterRepeatedWrongPasswords() {
        String name = unique("drv");
        AppClient.createUser(api(), name, "correct-horse-9", "driver", "[]", "[]");
        try (var browser = new BrowserSession(port)) {
            for (int i = 0; i < 5; i++)
                assertThat(browser.logIn(name, "wrong-" + i).headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
            // locked out: even the right password is not checked now
            var locked = browser.logIn(name, "correct-horse-9");
            assertThat(locked.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?locked"));
            assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        }
    }
}
