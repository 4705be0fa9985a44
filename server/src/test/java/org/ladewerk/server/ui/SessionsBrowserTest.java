package org.ladewerk.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.server.support.EmmStandIn;
import org.ladewerk.server.support.RunningServer;
import org.ladewerk.simulator.Emulator;
import org.ladewerk.simulator.config.Keys;
import org.ladewerk.simulator.config.StationConfig;
import org.ladewerk.simulator.ev.Ev;
import org.ladewerk.simulator.ev.EvCatalog;
import org.ladewerk.simulator.link.LinkOptions;
import org.ladewerk.simulator.station.Behaviour;
import org.ladewerk.simulator.station.ChargePoint;

/**
 * The sessions page in a real headless Chromium: a session an emulated station completes while the EMM
 * refuses it, with the EMM link's backlog and last error, the filtered CSV, and the delivered state once
 * the EMM takes it.
 */
class SessionsBrowserTest {

    private static final double WAIT_MS = 60_000;

    @TempDir
    Path dataDir;

    @Test
    void operatorSeesSessionsTheirEmmStateAndDownloadsTheCsv() throws Exception {
        Files.createDirectories(Chromium.SCREENSHOTS);
        PlaywrightAssertions.setDefaultAssertionTimeout(WAIT_MS);
        var pageErrors = new ArrayList<String>();
        try (var emm = EmmStandIn.start(0); var chromium = new Chromium();
             var server = RunningServer.start(Map.of("ladewerk.data-dir", dataDir.toString(), "ladewerk.emm.url", emm.url(),
                     "ladewerk.emm.max-backoff", "1s"));
             var emulator = new Emulator(Emulator.Options.defaults().withUrl("ws://127.0.0.1:" + server.port() + "/ocpp")
                     .withLink(LinkOptions.defaults().withResponseTimeout(Duration.ofSeconds(5)).withReconnect(Duration.ofMillis(200), Duration.ofSeconds(1)))
                     .withTimings(Duration.ofMillis(300), Duration.ofMillis(200)).withSeed(7)
                     .withSchemas(org.ladewerk.ocpp.schema.OcppSchemas.load()))) {
            emm.answer(c -> c.path().equals("/charging-sessions") ? new EmmStandIn.Reply(503, "{}") : null);
            String id = "UI-SESSIONS";
            server.api().put("/api/v1/id-tags/UI-TAG", "{\"status\":\"Accepted\"}");
            StationConfig base = StationConfig.create(id, "ws://unused/ocpp", 1, "Ladewerk", "UI test");
            ChargePoint cp = emulator.add(base.withKeys(base.configurationKey().stream()
                    .map(k -> k.key().equals(Keys.METER_VALUE_SAMPLE_INTERVAL) ? k.withValue("1") : k).toList()), null, Behaviour.manual());
            cp.start();
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                    assertThat(cp.online()).as("online, registration %s", cp.registration()).isTrue());
            cp.startSession(1, new Ev(EvCatalog.FAMILY, 30, 80), "UI-TAG").get();
            await().atMost(Duration.ofSeconds(120)).until(() -> server.api().get("/api/v1/charging-sessions?open=true").json().size() == 1);

            BrowserContext context = chromium.browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                    .setViewportSize(1280, 900).setTimezoneId("Europe/Berlin").setLocale("en-GB").setAcceptDownloads(true));
            context.setDefaultTimeout(WAIT_MS);
            Page page = context.newPage();
            page.onPageError(pageErrors::add);
            page.navigate("http://127.0.0.1:" + server.port() + "/#/charging-sessions");
            label(page, "User").fill("admin");
            label(page, "Password").fill("admin");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in").setExact(true)).click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Charging sessions"))).isVisible();

            // the open session, then completed without a reload once the car leaves
            Locator row = page.locator("table.list tbody tr").first();
            assertThat(row).containsText(id);
            assertThat(row).containsText("Open");
            cp.unplug(1).get();
            assertThat(row).containsText("Completed");
            assertThat(row.locator(".badge").last()).hasText("pending");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply").setExact(true)).click();
            assertThat(page.locator("#emm-backlog")).hasText("1");
            assertThat(page.locator("#emm-last-error")).containsText("503");
            Chromium.screenshot(page, "sessions-01-emm-down");

            // filtered CSV
            label(page, "Station").fill(id);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply").setExact(true)).click();
            assertThat(page.locator("table.list tbody tr")).hasCount(1);
            Download download = page.waitForDownload(() ->
                    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Download CSV").setExact(true)).click());
            assertThat(download.suggestedFilename()).isEqualTo("charging-sessions.csv");
            List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(Files.readString(download.path()))).getRecords();
            assertThat(rows).hasSize(1);
            assertThat(rows.getFirst().get("stationId")).isEqualTo(id);
            assertThat(rows.getFirst().get("unpluggedAt")).endsWith("Z");

            // the EMM takes it: delivered, nothing waiting
            emm.answer(c -> null);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    server.api().get("/api/v1/emm").json().get("backlog").asLong() == 0);
            page.reload();
            assertThat(page.locator("table.list tbody tr").first().locator(".badge").last()).hasText("delivered");
            assertThat(page.locator("#emm-backlog")).hasText("0");
            assertThat(page.locator("#emm-last-push")).not().hasText("—");
            Chromium.screenshot(page, "sessions-02-delivered");
            context.close();
        }
        assertThat(pageErrors).as("script errors in the page").isEmpty();
    }

    private static Locator label(Page page, String text) {
        return page.getByLabel(text, new Page.GetByLabelOptions().setExact(true));
    }
}
