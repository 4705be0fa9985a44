package org.ladewerk.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.support.TestStation;
import org.springframework.test.context.TestPropertySource;

/**
 * The energy manager in the web UI (real headless Chromium): the station page shows the EVSE's limit
 * with its reason, the mode is changed in place and the next round's decision appears; the site page
 * lists the same EVSE.
 */
@TestPropertySource(properties = {
        "ladewerk.energy.enabled=true",
        "ladewerk.energy.interval=1s",
        "ladewerk.energy.site-limit-a=20"})
class EnergyBrowserTest extends ServerTest {

    @Test
    void modeAndAllocationOnTheStationAndSitePages() throws IOException {
        Files.createDirectories(Chromium.SCREENSHOTS);
        PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
        List<String> pageErrors = new ArrayList<>();
        String id = unique("ENUI");
        try (TestStation station = station(id);
             var chromium = new Chromium();
             BrowserContext context = chromium.browser.newContext(new Browser.NewContextOptions()
                     .setViewportSize(1280, 900).setTimezoneId("Europe/Berlin").setLocale("en-GB"))) {
            station.answer("SetChargingProfile", p -> Map.of("status", "Accepted"));
            station.call("BootNotification", Map.of("chargePointVendor", "Test", "chargePointModel", "Energy"));
            station.call("StatusNotification", Map.of("connectorId", 1, "status", "Charging", "errorCode", "NoError",
                    "timestamp", Instant.now().toString()));

            Page page = context.newPage();
            page.onPageError(pageErrors::add);
            page.navigate("http://127.0.0.1:" + port + "/#/stations/" + id);
            page.getByLabel("User", new Page.GetByLabelOptions().setExact(true)).fill("admin");
            page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill("admin");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();

            Locator row = page.locator("tr[data-evse='" + id + "/1']");
            assertThat(row).containsText("20.0 A × 3");
            assertThat(row).containsText("site-limit");
            assertThat(page.getByText("The energy manager is on")).isVisible();

            page.getByLabel("Mode of " + id + " EVSE 1").selectOption("pv");
            assertThat(page.getByText("mode pv, applied at the next control round")).isVisible();
            // no grid meter: no surplus, so pv waits
            assertThat(row).containsText("no-surplus");
            assertThat(row).containsText("0.0 A");
            assertThat(api().get("/api/v1/stations/" + id + "/evses/1/mode").json().get("mode").asString()).isEqualTo("pv");
            Chromium.screenshot(page, "energy-station");

            page.navigate("http://127.0.0.1:" + port + "/#/site");
            assertThat(page.locator("tr[data-evse='" + id + "/1']")).containsText("no-surplus");
            assertThat(page.getByLabel("Mode of " + id + " EVSE 1")).hasValue("pv");
        }
        assertThat(pageErrors).as("script errors in the page").isEmpty();
    }
}
