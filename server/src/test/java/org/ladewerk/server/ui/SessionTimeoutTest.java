package org.ladewerk.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.springframework.test.context.TestPropertySource;

/** The log-in session ends after server.servlet.session.timeout without requests. */
@TestPropertySource(properties = "server.servlet.session.timeout=2s")
class SessionTimeoutTest extends ServerTest {

    @Test
    void anIdleSessionEnds() throws InterruptedException {
        try (var browser = new BrowserSession(port)) {
            browser.logIn("admin", "admin");
            assertThat(browser.get("/api/v1/stations").statusCode()).isEqualTo(200);
            Thread.sleep(1000);
            assertThat(browser.get("/api/v1/stations").statusCode()).as("a request keeps it alive").isEqualTo(200);
            Thread.sleep(3500);
            assertThat(browser.get("/api/v1/stations").statusCode()).isEqualTo(401);
            assertThat(browser.get("/").statusCode()).isEqualTo(302);
        }
    }
}
