package org.ladewerk.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.simulator.Emulator;
import org.ladewerk.simulator.config.ConfigKey;
import org.ladewerk.simulator.config.Keys;
import org.ladewerk.simulator.config.StationConfig;
import org.ladewerk.simulator.ev.Ev;
import org.ladewerk.simulator.ev.EvCatalog;
import org.ladewerk.simulator.link.LinkOptions;
import org.ladewerk.simulator.station.Behaviour;
import org.ladewerk.simulator.station.ChargePoint;

/**
 * The operator's dashboard in a real headless Chromium against the running server and an emulated
 * station: log in, watch the station come online and change status without a reload, start a
 * transaction from the station page, find it in the list with its chart, and download the CSV.
 * Screenshots of each step are kept in target/screenshots.
 */
class DashboardBrowserTest extends ServerTest {

    private static final double WAIT_MS = 30_000;
    private static Chromium chromium;

    private BrowserContext context;
    private Page page;
    private Emulator emulator;
    private final List<String> pageErrors = new ArrayList<>();

    @BeforeAll
    static void launch() throws IOException {
        Files.createDirectories(Chromium.SCREENSHOTS);
        chromium = new Chromium();
        PlaywrightAssertions.setDefaultAssertionTimeout(WAIT_MS);
    }

    @AfterAll
    static void quit() {
        chromium.close();
    }

    @BeforeEach
    void open() {
        context = chromium.browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(1280, 900).setTimezoneId("Europe/Berlin").setLocale("en-GB").setAcceptDownloads(true));
        context.setDefaultTimeout(WAIT_MS);
        page = context.newPage();
        page.onPageError(pageErrors::add);
        emulator = new Emulator(Emulator.Options.defaults()
                .withUrl("ws://127.0.0.1:" + port + "/ocpp")
                .withLink(LinkOptions.defaults().withResponseTimeout(Duration.ofSeconds(5))
                        .withReconnect(Duration.ofMillis(200), Duration.ofSeconds(1)))
                .withTimings(Duration.ofMillis(300), Duration.ofMillis(200))
                .withSeed(7));
    }

    @AfterEach
    void close() {
        emulator.close();
        context.close();
        assertThat(pageErrors).as("script errors in the page").isEmpty();
    }

    @Test
    void operatorWatchesAStationStartsChargingAndExportsTheTransaction() throws IOException {
        String id = unique("UI");
        String tag = unique("TAG");
        assertThat(api().put("/api/v1/id-tags/" + tag, "{\"status\":\"Accepted\"}").status()).isEqualTo(201);

        page.navigate(url("/"));
        assertThat(page).hasURL(Pattern.compile("/login$"));
        Chromium.screenshot(page, "01-login");
        logIn("admin", "admin");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Stations"))).isVisible();
        page.evaluate("window.notReloaded = true");

        // the station connects, boots and reports its connectors while the page stays as it is
        ChargePoint cp = emulator.add(stationConfig(id), null, Behaviour.manual());
        cp.start();
        Locator row = page.locator("tr[data-station-id='" + id + "']");
        assertThat(row.locator(".badge")).hasText("Online");
        assertThat(row.locator("[data-connector='1']")).containsText("Available");
        Chromium.screenshot(page, "02-station-online");

        cp.plugIn(1, new Ev(EvCatalog.FAMILY, 30, 80)).join();
        assertThat(row.locator("[data-connector='1']")).containsText("Preparing");
        assertThat(page.evaluate("window.notReloaded")).as("no reload").isEqualTo(true);
        Chromium.screenshot(page, "03-status-changed-live");

        // start charging from the station page
        row.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(id)).click();
        assertThat(page.locator("#station-state")).hasText("Online");
        assertThat(page.getByLabel("Operation")).hasValue("RemoteStartTransaction");
        page.getByLabel("Id tag").fill(tag);
        page.getByLabel("Connector").fill("1");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();
        assertThat(page.locator(".result")).containsText("RemoteStartTransaction: Accepted");
        Locator connector = page.locator("tr[data-connector='1']");
        assertThat(connector).containsText("Charging");
        assertThat(connector.locator("[data-label='Power']")).containsText("kW", new LocatorAssertions.ContainsTextOptions());
        assertThat(connector.locator("[data-label='Power']")).not().hasText("—");
        assertThat(page.locator(".frames li[data-action='RemoteStartTransaction']")).hasCount(2);
        assertThat(page.locator(".frames li[data-action='StartTransaction']").first()).isVisible();
        Chromium.screenshot(page, "04-remote-start");

        // a few meter values, then stop it the same way (the form offers the open transaction)
        assertThat(page.locator(".frames li[data-action='MeterValues']")).hasCount(6, new LocatorAssertions.HasCountOptions());
        page.getByLabel("Operation").selectOption("RemoteStopTransaction");
        String txId = page.getByLabel("Transaction id").inputValue();
        assertThat(txId).isNotEmpty();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();
        assertThat(page.locator(".result")).containsText("RemoteStopTransaction: Accepted");
        assertThat(connector.locator("[data-label='Transaction']")).hasText("—");

        // the transaction in the list and its chart
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Transactions")).click();
        Locator txRow = page.locator("tr[data-transaction-id='" + txId + "']");
        assertThat(txRow).containsText(id);
        assertThat(txRow).containsText("Closed");
        Chromium.screenshot(page, "05-transactions");
        txRow.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("#" + txId)).click();
        assertThat(page.locator("figure.chart svg[role='img']")).isVisible();
        assertThat(page.locator("figure.chart path.series.energy")).hasAttribute("d", Pattern.compile("^M[\\d.]+,[\\d.]+L"));
        assertThat(page.locator("figure.chart path.series.power")).hasAttribute("d", Pattern.compile("^M[\\d.]+,[\\d.]+L"));
        Chromium.screenshot(page, "06-transaction-chart");

        // the filtered list as CSV
        page.goBack();
        page.getByLabel("Station").fill(id);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();
        assertThat(page.locator("table.list tbody tr")).hasCount(1);
        Download download = page.waitForDownload(() -> page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Download CSV")).click());
        assertThat(download.suggestedFilename()).isEqualTo("transactions.csv");
        download.saveAs(Chromium.SCREENSHOTS.resolve("transactions.csv"));
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(Files.readString(download.path()))).getRecords();
        assertThat(rows).hasSize(1);
        CSVRecord csv = rows.getFirst();
        assertThat(csv.get("transactionId")).isEqualTo(txId);
        assertThat(csv.get("stationId")).isEqualTo(id);
        assertThat(csv.get("idTag")).isEqualTo(tag);
        assertThat(csv.get("open")).isEqualTo("false");
        assertThat(csv.get("stopReason")).isEqualTo("Remote");
        assertThat(Long.parseLong(csv.get("energyWh"))).isPositive();
        assertThat(csv.get("startAt")).endsWith("Z");

        // the same pages at phone width, without sideways scrolling
        page.setViewportSize(390, 844);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Stations")).click();
        assertThat(page.locator("tr[data-station-id='" + id + "'] .badge")).hasText("Online");
        assertThat(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
        Chromium.screenshot(page, "07-phone-stations");
        page.locator("tr[data-station-id='" + id + "'] a").first().click();
        assertThat(page.locator("#station-state")).hasText("Online");
        Chromium.screenshot(page, "08-phone-station");
    }

    @Test
    void aWrongPasswordIsRefused() {
        page.navigate(url("/login"));
        logIn("admin", "wrong");
        assertThat(page).hasURL(Pattern.compile("/login\\?error$"));
        assertThat(page.getByRole(AriaRole.ALERT)).hasText("Wrong user or password.");
        Chromium.screenshot(page, "00-wrong-password");
        page.navigate(url("/"));
        assertThat(page).hasURL(Pattern.compile("/login$"));
    }

    private void logIn(String user, String password) {
        page.getByLabel("User").fill(user);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Two connectors, a meter value every second, remote starts authorised by the central system. */
    private static StationConfig stationConfig(String id) {
        StationConfig base = StationConfig.create(id, "ws://unused/ocpp", 2, "Ladewerk", "UI test");
        return base.withKeys(base.configurationKey().stream()
                .map(k -> k.key().equals(Keys.METER_VALUE_SAMPLE_INTERVAL) ? k.withValue("1") : k)
                .toList());
    }
}
