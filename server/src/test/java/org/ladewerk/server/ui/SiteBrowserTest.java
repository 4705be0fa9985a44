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
 * The site page in a real headless Chromium: the power flow shows the site model's values with their
 * meaning (importing, charging the battery), a station starting to charge appears in the flow and in
 * the charge points without a reload, and the history chart draws the stored snapshots.
 */
@TestPropertySource(properties = {
        "ladewerk.site.snapshot-interval=1s",
        "ladewerk.site.static-values.grid.power=1500",
        "ladewerk.site.static-values.pv.power=4200",
        "ladewerk.site.static-values.battery.power=-800",
        "ladewerk.site.static-values.battery.soc=61"})
class SiteBrowserTest extends ServerTest {

    @Test
    void theSitePageShowsThePowerFlowLiveAndItsHistory() throws IOException {
        Files.createDirectories(Chromium.SCREENSHOTS);
        PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
        List<String> pageErrors = new ArrayList<>();
        try (var chromium = new Chromium();
             BrowserContext context = chromium.browser.newContext(new Browser.NewContextOptions()
                     .setViewportSize(1280, 900).setTimezoneId("Europe/Berlin").setLocale("en-GB"))) {
            Page page = context.newPage();
            page.onPageError(pageErrors::add);
            page.navigate("http://127.0.0.1:" + port + "/#/site");
            page.getByLabel("User", new Page.GetByLabelOptions().setExact(true)).fill("admin");
            page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill("admin");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();

            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Site"))).isVisible();
            assertThat(node(page, "grid")).containsText("1.50 kW");
            assertThat(node(page, "grid")).containsText("importing");
            assertThat(node(page, "pv")).containsText("4.20 kW");
            assertThat(node(page, "battery")).containsText("0.80 kW");
            assertThat(node(page, "battery")).containsText("charging");
            assertThat(node(page, "battery")).containsText("61 %");
            // no house meter: derived as grid + PV + battery = 1500 + 4200 − 800
            assertThat(node(page, "house")).containsText("4.90 kW");
            page.evaluate("window.notReloaded = true");

            String id = unique("SITE");
            try (TestStation station = station(id)) {
                station.call("BootNotification", Map.of("chargePointVendor", "Test", "chargePointModel", "Site"));
                station.call("MeterValues", Map.of("connectorId", 1, "meterValue", List.of(Map.of("timestamp", Instant.now().toString(),
                        "sampledValue", List.of(Map.of("value", "3700", "measurand", "Power.Active.Import", "unit", "W"))))));
                assertThat(node(page, "charging")).containsText("3.70 kW");
                assertThat(page.locator("tr[data-charge-point='" + id + "/1']")).containsText("3.70 kW");
                // the house now draws less: the charging is part of what the grid and PV deliver
                assertThat(node(page, "house")).containsText("1.20 kW");
            }
            assertThat(page.evaluate("window.notReloaded")).as("updated live, no reload").isEqualTo(true);

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("6 hours")).click();
            assertThat(page.locator("[data-series='pv.power'] circle")).isVisible();
            assertThat(page.locator("[data-series='grid.power'] circle")).isVisible();
            assertThat(page.locator("[data-series='battery.power'] path")).isAttached();
            Chromium.screenshot(page, "site-page");
        }
        assertThat(pageErrors).as("script errors in the page").isEmpty();
    }

    private static Locator node(Page page, String kind) {
        return page.locator("[data-flow='" + kind + "']");
    }
}
