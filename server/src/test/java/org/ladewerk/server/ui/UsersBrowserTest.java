package org.ladewerk.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.server.support.RunningServer;
import tools.jackson.databind.JsonNode;

/**
 * The users page in a real headless Chromium: the admin creates a driver with a tag and a charge
 * point, changes it to an operator, and deletes it; an operator logging in sees no users page.
 */
class UsersBrowserTest {

    private static final double WAIT_MS = 60_000;

    @TempDir
    Path dataDir;

    @Test
    void adminManagesUsersAndOperatorsDoNotSeeThePage() throws Exception {
        Files.createDirectories(Chromium.SCREENSHOTS);
        PlaywrightAssertions.setDefaultAssertionTimeout(WAIT_MS);
        var pageErrors = new ArrayList<String>();
        try (var chromium = new Chromium(); var server = RunningServer.start(Map.of("ladewerk.data-dir", dataDir.toString()))) {
            String base = "http://127.0.0.1:" + server.port();
            Page page = newPage(chromium, pageErrors);
            page.navigate(base + "/#/users");
            logIn(page, "admin", "admin");
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Users").setExact(true))).isVisible();
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Users").setExact(true))).isVisible();

            label(page, "Username").fill("ui-driver");
            label(page, "Password").fill("driver-pass-1");
            label(page, "Id tags").fill("UI-TAG-1, UI-TAG-2");
            label(page, "Charge points").fill("CP-UI/1, CP-ALL");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create").setExact(true)).click();
            Locator row = page.locator("tr[data-username='ui-driver']");
            assertThat(row).containsText("driver");
            assertThat(row).containsText("UI-TAG-1, UI-TAG-2");
            assertThat(row).containsText("CP-ALL, CP-UI/1"); // as stored: in station order
            Chromium.screenshot(page, "users-01-created");
            JsonNode created = server.api().get("/api/v1/users").json().get(0);
            assertThat(created.get("chargePoints").toString()).contains("\"stationId\":\"CP-ALL\",\"evseId\":0");
            assertThat(server.api().get("/api/v1/id-tags/UI-TAG-2").json().get("status").asString()).isEqualTo("Accepted");

            // a weak password is refused with the server's message
            label(page, "Username").fill("ui-weak");
            label(page, "Password").fill("aaaaaaaa");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create").setExact(true)).click();
            assertThat(page.getByRole(AriaRole.ALERT)).containsText("too weak");

            row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Edit")).click();
            page.locator("select[name=role]").selectOption("operator");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save").setExact(true)).click();
            assertThat(row).containsText("operator");

            // the operator logs in: the dashboard, but no users page
            Page operator = newPage(chromium, pageErrors);
            operator.navigate(base + "/");
            logIn(operator, "ui-driver", "driver-pass-1");
            assertThat(operator.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Stations").setExact(true))).isVisible();
            assertThat(operator.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Users").setExact(true))).isHidden();

            page.onDialog(d -> d.accept());
            row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
            assertThat(row).hasCount(0);
            assertThat(server.api().get("/api/v1/users").json().size()).isZero();
            assertThat(pageErrors).isEmpty();
        }
    }

    private static Page newPage(Chromium chromium, ArrayList<String> errors) {
        var context = chromium.browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setLocale("en-GB"));
        context.setDefaultTimeout(WAIT_MS);
        Page page = context.newPage();
        page.onPageError(errors::add);
        return page;
    }

    private static void logIn(Page page, String user, String password) {
        label(page, "User").fill(user);
        label(page, "Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in").setExact(true)).click();
    }

    private static Locator label(Page page, String text) {
        return page.getByLabel(text, new Page.GetByLabelOptions().setExact(true));
    }
}
