package org.ladewerk.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
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
        row.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(id).setExact(true)).click();
        assertThat(page.locator("#station-state")).hasText("Online");
        assertThat(label("Operation")).hasValue("RemoteStartTransaction");
        label("Id tag").fill(tag);
        label("Connector").fill("1");
        button("Send").click();
        assertThat(page.locator(".result")).containsText("RemoteStartTransaction: Accepted");
        Locator connector = page.locator("tr[data-connector='1']");
        assertThat(connector).containsText("Charging");
        assertThat(connector.locator("[data-label='Power']")).containsText("kW");
        assertThat(page.locator(".frames li[data-action='RemoteStartTransaction']")).hasCount(2);
        assertThat(page.locator(".frames li[data-action='StartTransaction']").first()).isVisible();
        Chromium.screenshot(page, "04-remote-start");

        // a few meter values, then stop it the same way (the form offers the open transaction)
        assertThat(page.locator(".frames li[data-action='MeterValues']").nth(5)).isAttached(); // three samples, answered
        label("Operation").selectOption("RemoteStopTransaction");
        String txId = label("Transaction id").inputValue();
        assertThat(txId).isNotEmpty();
        button("Send").click();
        assertThat(page.locator(".result")).containsText("RemoteStopTransaction: Accepted");
        assertThat(connector.locator("[data-label='Transaction']")).hasText("—");

        // the transaction in the list and its chart
        link("Transactions").click();
        Locator txRow = page.locator("tr[data-transaction-id='" + txId + "']");
        assertThat(txRow).containsText(id);
        assertThat(txRow).containsText("Closed");
        Chromium.screenshot(page, "05-transactions");
        txRow.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("#" + txId).setExact(true)).click();
        assertThat(page.locator("figure.chart svg[role='img']")).isVisible();
        assertThat(page.locator("figure.chart path.series.energy")).hasAttribute("d", Pattern.compile("^M[\\d.]+,[\\d.]+L"));
        assertThat(page.locator("figure.chart path.series.power")).hasAttribute("d", Pattern.compile("^M[\\d.]+,[\\d.]+L"));
        Chromium.screenshot(page, "06-transaction-chart");

        // the filtered list as CSV
        page.goBack();
        label("Station").fill(id);
        button("Apply").click();
        assertThat(page.locator("table.list tbody tr")).hasCount(1);
        Download download = page.waitForDownload(() -> link("Download CSV").click());
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
        link("Stations").click();
        assertThat(page.locator("tr[data-station-id='" + id + "'] .badge")).hasText("Online");
        assertThat(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
        Chromium.screenshot(page, "07-phone-stations");
        page.locator("tr[data-station-id='" + id + "'] a").first().click();
        assertThat(page.locator("#station-state")).hasText("Online");
        Chromium.screenshot(page, "08-phone-station");
    }

    @Test
    void operatorManagesIdTagsReservationsAndChargingProfiles() {
        String id = unique("UI-CRUD");
        String tag = unique("TAG");
        ChargePoint cp = emulator.add(stationConfig(id), null, Behaviour.manual());
        cp.start();
        page.navigate(url("/#/id-tags"));
        logIn("admin", "admin");
        page.onDialog(dialog -> dialog.accept()); // the confirmations of delete, cancel and remove

        // id tags: create, edit, block, unblock
        Locator form = page.locator("form.edit");
        label(form, "Id tag").fill(tag);
        label(form, "Note").fill("first card");
        button("Create").click();
        Locator tagRow = page.locator("tr[data-id-tag='" + tag + "']");
        assertThat(tagRow).containsText("first card");
        tagRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Edit")).click();
        assertThat(label(form, "Id tag")).hasAttribute("readonly", "");
        label(form, "Note").fill("replacement card");
        button("Save").click();
        assertThat(tagRow).containsText("replacement card");
        tagRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Block")).click();
        assertThat(tagRow.locator(".chip")).hasText("Blocked");
        tagRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Unblock")).click();
        assertThat(tagRow.locator(".chip")).hasText("Accepted");
        Chromium.screenshot(page, "09-id-tags");

        // reservations: reserve, change, cancel (each answered by the station)
        link("Reservations").click();
        label(form, "Station").selectOption(id);
        label(form, "Connector").fill("2");
        label(form, "Id tag").fill(tag);
        button("Reserve").click();
        assertThat(page.locator(".messages .notice")).hasText("Reserved: Accepted");
        Locator reservation = page.locator("tbody tr", new Page.LocatorOptions().setHasText(tag));
        assertThat(reservation).containsText("Accepted");
        reservation.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Edit")).click();
        label(form, "Connector").fill("1");
        button("Change").click();
        assertThat(page.locator(".messages .notice")).containsText("changed: Accepted");
        assertThat(reservation.locator("[data-label='Connector']")).hasText("1");
        Chromium.screenshot(page, "10-reservations");
        reservation.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel")).click();
        assertThat(page.locator(".messages .notice")).containsText("cancelled: Accepted");
        assertThat(reservation).containsText("Cancelled");

        // charging profiles: a 16 A default limit for the whole station, then removed
        link("Charging profiles").click();
        label(form, "Station").selectOption(id);
        assertThat(label(form, "Profile as sent (JSON)")).hasValue(Pattern.compile("\"chargingProfilePurpose\": \"TxDefaultProfile\""));
        button("Send to the station").click();
        assertThat(page.locator(".messages .notice")).hasText("Profile sent: Accepted");
        Locator profile = page.locator("tbody tr", new Page.LocatorOptions().setHasText(id));
        assertThat(profile).containsText("TxDefaultProfile");
        Chromium.screenshot(page, "11-charging-profiles");
        profile.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove")).click();
        assertThat(page.locator(".messages .notice")).hasText("Profile 1 removed: Accepted");
        assertThat(profile).hasCount(0);

        // and the id tag goes
        link("Id tags").click();
        tagRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
        assertThat(tagRow).hasCount(0);
    }

    /**
     * The list loads before its live stream opens; a station that connects and boots in between is
     * told by no event, so the list catches up when the stream opens. The stream is held back here
     * until the station is online to make that gap certain.
     */
    @Test
    void theStationListCatchesUpWithWhatHappenedBeforeItsLiveStreamOpened() {
        String id = unique("UI-GAP");
        List<Route> streams = new ArrayList<>();
        page.route("**/api/v1/events/stream**", streams::add);
        page.navigate(url("/#/stations?q=" + id)); // searched for, so it is on the page whatever else other tests made
        logIn("admin", "admin");
        page.waitForCondition(() -> !streams.isEmpty());

        emulator.add(stationConfig(id), null, Behaviour.manual()).start();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api().get("/api/v1/stations/" + id).json().path("connectors").size() == 3);
        Locator row = page.locator("tr[data-station-id='" + id + "']");
        assertThat(row).hasCount(0);

        streams.getFirst().resume();
        assertThat(row.locator(".badge")).hasText("Online");
        assertThat(row.locator("[data-connector='1']")).containsText("Available");
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
        label("User").fill(user);
        label("Password").fill(password);
        button("Log in").click();
    }

    // controls found as a person (or a screen reader) finds them: by their label or name

    private Locator label(String text) {
        return page.getByLabel(text, new Page.GetByLabelOptions().setExact(true));
    }

    private static Locator label(Locator within, String text) {
        return within.getByLabel(text, new Locator.GetByLabelOptions().setExact(true));
    }

    private Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private Locator link(String name) {
        return page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true));
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
