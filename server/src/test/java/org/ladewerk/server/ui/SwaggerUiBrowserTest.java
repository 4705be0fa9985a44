package org.ladewerk.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;

/**
 * The API reference as an integrator uses it, in a real browser: Swagger UI shows the document,
 * "Authorize" takes the admin's HTTP Basic credentials, and "Try it out" then works for a read
 * (list stations) and a write (create an id tag), which the API afterwards really has.
 */
class SwaggerUiBrowserTest extends ServerTest {

    private static final double WAIT_MS = 30_000;

    private Chromium chromium;
    private BrowserContext context;
    private Page page;

    @BeforeEach
    void open() throws Exception {
        Files.createDirectories(Chromium.SCREENSHOTS);
        PlaywrightAssertions.setDefaultAssertionTimeout(WAIT_MS);
        chromium = new Chromium();
        context = chromium.browser.newContext();
        context.setDefaultTimeout(WAIT_MS);
        page = context.newPage();
    }

    @AfterEach
    void close() {
        context.close();
        chromium.close();
    }

    @Test
    void authorizeThenTryItOutForAGetAndAPost() {
        String tag = unique("SWAG", 20);
        page.navigate("http://127.0.0.1:" + port + "/docs");
        assertThat(page.locator(".swagger-ui .info .title")).containsText("Ladewerk API");

        page.locator(".swagger-ui .auth-wrapper button.authorize").click();
        Locator basic = page.locator(".modal-ux .auth-container").filter(new Locator.FilterOptions().setHasText("basic"));
        basic.locator("input[aria-label='auth-basic-username']").fill("admin");
        basic.locator("input[aria-label='auth-basic-password']").fill("admin");
        basic.locator("button.authorize").click();
        assertThat(basic.locator("button:has-text('Logout')")).isVisible();
        Chromium.screenshot(page, "swagger-authorized");
        page.locator(".modal-ux button.btn-done").first().click();

        Locator list = operation("get", "/api/v1/stations");
        list.locator(".opblock-summary").first().click();
        list.locator("button.try-out__btn").click();
        list.locator("button.execute").click();
        assertThat(list.locator(".live-responses-table tbody .response-col_status").first()).containsText("200");

        Locator create = operation("post", "/api/v1/id-tags");
        create.locator(".opblock-summary").first().click();
        create.locator("button.try-out__btn").click();
        create.locator("textarea.body-param__text").fill("{\"idTag\":\"" + tag + "\",\"note\":\"from Swagger UI\"}");
        create.locator("button.execute").click();
        assertThat(create.locator(".live-responses-table tbody .response-col_status").first()).containsText("201");
        Chromium.screenshot(page, "swagger-try-it-out");

        assertThat(api().get("/api/v1/id-tags/" + tag).json().get("note").asString()).isEqualTo("from Swagger UI");
    }

    private Locator operation(String method, String path) {
        return page.locator(".opblock-" + method).filter(new Locator.FilterOptions()
                .setHas(page.locator(".opblock-summary-path[data-path='" + path + "']")));
    }
}
