package org.ladewerk.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.springframework.test.context.TestPropertySource;

/** The log-in session ends after server.servlet.session.timeout without requests. */
// 4 s: the request that keeps the session alive comes after 1 s, with room for a slow machine
@TestPropertySource(properties = "server.servlet.session.timeout=4s")
class SessionTimeoutTest extends ServerTest {

    @Test
    void anIdleSessionEnds() throws InterruptedException {
        try (var browser = new BrowserSession(port)) {
            browser.logIn("admin", "admin");
            assertThat(browser.get("/api/v1/stations").statusCode()).isEqualTo(200);
            Thread.sleep(1000);
            assertThat(browser.get("/api/v1/stations").statusCode()).as("a request keeps it alive").isEqualTo(200);
            Thread.sleep(6500); // longer than the timeout
            assertThat(browser.get("/api/v1/stations").statusCode()).isEqualTo(401);
            assertThat(browser.get("/").statusCode()).isEqualTo(302);
        }
    }
}
