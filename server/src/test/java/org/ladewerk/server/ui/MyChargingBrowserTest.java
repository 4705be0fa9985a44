package org.ladewerk.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.AppServerTest;
import org.ladewerk.server.user.AppUser;
import tools.jackson.databind.JsonNode;

/**
 * The driver's phone-width "my charging" page in headless Chromium, as a driver logged in through the
 * log-in form: presets load, save and show the server's validation message; the PDF log downloads
 * for the chosen period; the admin downloads any user's log from the sessions page. The charge-point list, start/stop and the session list use app-access's
 * endpoints and are not exercised here.
 */
class MyChargingBrowserTest extends AppServerTest {

    private static Chromium chromium;
    private BrowserContext context;
    private final List<String> pageErrors = new ArrayList<>();

    @BeforeAll
    static void launch() throws IOException {
        Files.createDirectories(Chromium.SCREENSHOTS);
        chromium = new Chromium();
        PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
    }

    @AfterAll
    static void quit() {
        chromium.close();
    }

    @AfterEach
    void close() {
        if (context != null) context.close();
        assertThat(pageErrors).isEmpty();
    }

    private Page open(AppUser user) {
        context = chromium.browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844).setAcceptDownloads(true));
        context.setDefaultTimeout(30_000);
        Page page = context.newPage();
        page.onPageError(pageErrors::add);
        // the driver logs in like any user and lands on its page
        page.navigate(api().uri("/login").toString());
        page.getByLabel("User", new Page.GetByLabelOptions().setExact(true)).fill(user.username());
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in").setExact(true)).click();
        page.waitForURL("**/my.html");
        return page;
    }

    @Test
    void aDriverEditsItsPresetsAndDownloadsItsLog() throws Exception {
        String tag = unique("MY", 20);
        AppUser me = driver(List.of(tag));
        api().put("/api/v1/users/" + me.username() + "/presets", "[{\"idTag\":\"" + tag + "\",\"mode\":\"off\"}]");
        Page page = open(me);

        Locator all = page.locator("fieldset[data-tag='']");
        Locator ofTag = page.locator("fieldset[data-tag='" + tag + "']");
        assertThat(ofTag.locator("select[name=mode]")).hasValue("off");
        all.locator("select[name=mode]").selectOption("now");
        all.locator("input[name=maxCurrentA]").fill("16");
        all.locator("select[name=phases]").selectOption("1");
        all.locator("input[name=targetEnergyKWh]").fill("8.5");
        page.getByText("Save presets").click();
        assertThat(page.locator("#preset-message")).hasText("Presets saved.");
        JsonNode saved = api().get("/api/v1/users/" + me.username() + "/presets").json();
        assertThat(saved).hasSize(2);
        assertThat(saved.get(0).get("mode").asString()).isEqualTo("now");
        assertThat(saved.get(0).get("maxCurrentA").asDouble()).isEqualTo(16);
        assertThat(saved.get(0).get("phases").asInt()).isEqualTo(1);
        assertThat(saved.get(0).get("targetEnergyKWh").asDouble()).isEqualTo(8.5);
        assertThat(saved.get(1).get("idTag").asString()).isEqualTo(tag);

        // what only the server can check comes back as its message
        all.locator("input[name=targetSocPercent]").fill("80");
        page.getByText("Save presets").click();
        assertThat(page.locator("#preset-message")).containsText("give targetEnergyKWh or targetSocPercent, not both");
        Chromium.screenshot(page, "my-charging");

        page.locator("input[name=from]").fill("2026-01-01");
        assertThat(page.locator("#pdf")).hasAttribute("href", "/api/app/v1/sessions.pdf?from=2026-01-01");
        // fetched as the link would (Chromium sends the test's authentication header with fetches, not with downloads;
        // the real log-in is a session cookie, which both carry)
        Object answer = page.evaluate("async () => { const r = await fetch(document.getElementById('pdf').href);"
                + " return r.status + ' ' + r.headers.get('content-type') + ' ' + (await r.text()).slice(0, 5); }");
        assertThat(answer).isEqualTo("200 application/pdf %PDF-");
    }

    @Test
    void theAdminDownloadsAnyUsersLogFromTheSessionsPage() throws Exception {
        AppUser driver = driver(List.of(unique("AL", 20)));
        context = chromium.browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setAcceptDownloads(true));
        context.setDefaultTimeout(30_000);
        Page page = context.newPage();
        page.onPageError(pageErrors::add);
        page.navigate(api().uri("/").toString());
        page.getByLabel("User").fill("admin");
        page.getByLabel("Password").fill("admin");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
        page.navigate(api().uri("/#/charging-sessions").toString());

        Locator form = page.locator("#user-log");
        form.getByLabel("User").fill(driver.username());
        form.getByLabel("Plugged in from (day)").fill("2026-01-01");
        assertThat(page.locator("#user-log-pdf")).hasAttribute("href",
                "/api/v1/users/" + driver.username() + "/sessions.pdf?from=2026-01-01");
        Download download = page.waitForDownload(() -> page.locator("#user-log-pdf").click());
        assertThat(download.suggestedFilename()).isEqualTo("charging-log-" + driver.username() + ".pdf");
        assertThat(new String(Files.readAllBytes(download.path()), 0, 5)).isEqualTo("%PDF-");
        Chromium.screenshot(page, "user-log");
    }
}
