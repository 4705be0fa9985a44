package org.ladewerk.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.server.meter.FakeDataConnect;
import org.ladewerk.server.meter.MeterImporter;
import org.ladewerk.server.support.RunningServer;
import org.ladewerk.server.support.Sessions;

/**
 * The meter page in headless Chromium: an operator connects a Linky meter through the (fake) Enedis
 * consent page and lands on the meter's page, the import runs, and the page shows the load-curve
 * chart, the daily table and the import state; a re-import is started from the page.
 * Screenshots in target/screenshots.
 */
class MeterPageBrowserTest {

    private static final double WAIT_MS = 30_000;
    private static final String METER = "55555555555555";

    @TempDir
    Path dir;
    private Chromium chromium;
    private BrowserContext context;
    private Page page;
    private FakeDataConnect enedis;
    private RunningServer server;
    private final List<String> pageErrors = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        Files.createDirectories(Chromium.SCREENSHOTS);
        enedis = new FakeDataConnect(Clock.systemUTC());
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // the redirect URI registered with Enedis names the server's port
        }
        server = RunningServer.start(Map.of(
                "server.port", port,
                "ladewerk.data-dir", dir.toString(),
                "spring.datasource.url", "jdbc:h2:mem:meter-ui;DB_CLOSE_DELAY=-1",
                "ladewerk.enedis.client-id", FakeDataConnect.CLIENT_ID,
                "ladewerk.enedis.client-secret", FakeDataConnect.CLIENT_SECRET,
                "ladewerk.enedis.redirect-uri", "http://127.0.0.1:" + port + "/api/v1/meters/linky/redirect",
                "ladewerk.enedis.api-base-url", enedis.baseUrl(),
                "ladewerk.enedis.authorize-url", enedis.baseUrl() + "/authorize",
                "ladewerk.enedis.request-interval", "0s",
                "ladewerk.enedis.scheduler", false));
        chromium = new Chromium();
        PlaywrightAssertions.setDefaultAssertionTimeout(WAIT_MS);
        context = chromium.browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(1280, 900).setTimezoneId("Europe/Paris").setLocale("en-GB"));
        context.setDefaultTimeout(WAIT_MS);
        page = context.newPage();
        page.onPageError(pageErrors::add);
    }

    @AfterEach
    void stop() {
        if (context != null) context.close();
        if (chromium != null) chromium.close();
        if (server != null) server.close();
        enedis.shutdown();
    }

    @Test
    void operatorConnectsAMeterAndSeesItsLoadCurve() {
        page.navigate("http://127.0.0.1:" + server.port() + "/#/meters");
        page.getByLabel("User", new Page.GetByLabelOptions().setExact(true)).fill("admin");
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill("admin");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Meters").setExact(true)).click();
        assertThat(page.getByText("No meter yet")).isVisible();
        Chromium.screenshot(page, "meter-01-none");

        // the consent round trip: our server, Enedis' page (which consents at once here), back to the meter page
        enedis.nextConsentFor(METER);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Connect a Linky meter")).click();
        assertThat(page).hasURL(Pattern.compile("/#/meters/" + METER + "$"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Meter " + METER))).isVisible();
        assertThat(page.locator("[data-status]")).hasText("Importing");
        assertThat(page.getByText("No load curve imported for this period yet.")).isVisible();

        server.context().getBean(MeterImporter.class).importDue();
        page.reload();
        Locator chart = page.locator("figure.meter-chart svg path.site");
        assertThat(chart).hasCount(1);
        assertThat(page.locator("figure.meter-chart")).containsText("EV charging");
        assertThat(page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Daily consumption and maximum power"))
                .locator("tbody tr")).hasCount(7);
        Chromium.screenshot(page, "meter-02-imported");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Re-import period")).click();
        assertThat(page.getByText(Pattern.compile("Re-import from .* started"))).isVisible();

        // a charging session today shows as EV power over the load curve (yesterday's, the last imported day)
        try (var station = server.station("CP-METER")) {
            Sessions.fullSession(station, server.api(), "METER-TAG");
        }
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        page.navigate("http://127.0.0.1:" + server.port() + "/#/meters/" + METER + "?from=" + today.minusDays(1) + "&to=" + today.plusDays(1));
        assertThat(page.locator("figure.meter-chart svg path.ev")).hasCount(1);
        assertThat(page.locator("figure.meter-chart figcaption")).containsText("EV charging (kW)");
        assertThat(page.locator("figure.meter-chart")).containsText("EV charging up to 2 kW");
        Chromium.screenshot(page, "meter-03-ev");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Meters").setExact(true)).click();
        assertThat(page.locator("tr[data-usage-point='" + METER + "']")).containsText("Importing");
        Chromium.screenshot(page, "meter-04-list");
        assertThat(pageErrors).isEmpty();
    }
}
