package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page and the status page in a real browser (Debian's headless Chromium), against a real
 * gateway on the default stage delay, so the stages visibly fill in one by one.
 */
class DemoPageBrowserTest {
    private static final long STAGE_DELAY_MS = 150;

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(Map.of(
            ConfigOption.STAGE_DELAY_MS, Long.toString(STAGE_DELAY_MS)));
    private HeadlessChromium browser;

    @BeforeEach
    void startBrowser() throws Exception {
        browser = HeadlessChromium.start();
    }

    @AfterEach
    void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + gateway.port() + path;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"eventsource", "fetch"})
    void stagesFillInOneByOne(String mode) throws Exception {
        long startedBefore = gateway.server().streams().startedStreams();
        browser.driver().get(url("/"));
        assertEquals("Sluice demo", browser.driver().getTitle());
        DemoPage page = new DemoPage(browser.driver());

        page.send(mode, "summarise my inbox");
        page.assertCompleted(mode, STAGE_DELAY_MS / 2);
        assertEquals(startedBefore + 1, gateway.server().streams().startedStreams(), "one click, one stream");
        Path shot = browser.screenshot("demo-" + mode);
        assertTrue(Files.size(shot) > 10_000, "screenshot " + shot + " is too small to show the page");

        // The page can run again: the second run replaces the first one's stages.
        page.send(mode, "and again");
        page.assertCompleted(mode, STAGE_DELAY_MS / 2);
    }

    /**
     * The page's "Drop the connection" control closes the connection mid-stream and reconnects with the
     * last event id (a new EventSource with {@code lastEventId}, or a fetch with {@code Last-Event-ID}):
     * the same stream goes on, every stage shows once and in order, and no second job starts.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"eventsource", "fetch"})
    void dropTheConnectionResumesTheSameStream(String mode) throws Exception {
        double jobsBefore = jobsStarted();
        browser.driver().get(url("/"));
        DemoPage page = new DemoPage(browser.driver());
        page.dropAfter(2);
        page.start(mode, "drop me halfway");
        page.waitUntilDone();

        List<WebElement> rows = browser.driver().findElements(By.cssSelector("#stages li[data-stage-id]"));
        assertEquals(DemoPage.STAGES, rows.stream().map(r -> r.getAttribute("data-stage-id")).toList(),
                "each stage once, in order");
        assertEquals(List.of("1", "2", "3", "4", "5", "6"), rows.stream().map(r -> r.getAttribute("data-seq")).toList());
        List<WebElement> markers = browser.driver().findElements(By.cssSelector("#stages li.resume"));
        assertEquals(1, markers.size());
        List<WebElement> all = browser.driver().findElements(By.cssSelector("#stages li"));
        assertEquals("resume", all.get(2).getAttribute("class"), "dropped right after the second stage");
        String streamId = browser.driver().findElement(By.id("complete-stream-id")).getText();
        String resumedFrom = markers.get(0).getAttribute("data-resume-from");
        assertTrue(resumedFrom.startsWith(streamId + ":"), resumedFrom + " names stream " + streamId);
        assertEquals("1", browser.driver().findElement(By.id("resumed")).getAttribute("data-resumes"));
        assertEquals(jobsBefore + 1, jobsStarted(), "the reconnect started no job");
        browser.screenshot("demo-resume-" + mode);
    }

    @Test
    void statusPageFiguresMoveWhenAStreamRuns() throws Exception {
        browser.driver().get(url("/status"));
        WebDriverWait wait = new WebDriverWait(browser.driver(), Duration.ofSeconds(10));
        wait.until(d -> !d.findElement(By.id("streams-started")).getAttribute("data-value").isEmpty());
        assertEquals("open", browser.driver().findElement(By.id("connection")).getAttribute("data-state"));
        long startedBefore = value("streams-started");
        long eventsBefore = value("events-sent");

        try (SseTestClient client = SseTestClient.connect(gateway.port())) {
            client.send(SseTestClient.postJson("{\"message\":\"status page\"}"));
            assertEquals(200, client.readHead().status());
            assertEquals(7, client.readEvents().size());
        }

        // Rates are per second, so a short stream shows for one or two samples: remember what was seen.
        boolean[] seen = new boolean[3];
        wait.until(d -> {
            seen[0] |= number("streams-per-second") > 0;
            seen[1] |= number("events-per-second") > 0;
            seen[2] |= value("streams-started") == startedBefore + 1 && value("events-sent") == eventsBefore + 7;
            return seen[0] && seen[1] && seen[2];
        });
        double p99 = Double.parseDouble(attribute("ttfe-p99"));
        assertTrue(p99 > 0 && p99 < 2500, "ttfe p99 " + p99);
        wait.until(d -> Integer.parseInt(d.findElement(By.id("chart")).getAttribute("data-points")) >= 3);
        assertEquals(2, browser.driver().findElements(By.cssSelector("#chart polyline")).size());
        browser.screenshot("status");
    }

    /** Stage jobs the gateway started, as {@code /metrics} reports them. */
    private double jobsStarted() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url("/metrics"))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return PrometheusText.parse(response.body()).sample("sluice_stage_jobs_started_total");
    }

    private String attribute(String id) {
        return browser.driver().findElement(By.id(id)).getAttribute("data-value");
    }

    /** A figure the page shows, or -1 while the page has not filled it in (it does so sample by sample). */
    private long value(String id) {
        String text = attribute(id);
        return text == null || text.isEmpty() ? -1 : Long.parseLong(text);
    }

    /** Like {@link #value}, for the page's rates. */
    private double number(String id) {
        String text = attribute(id);
        return text == null || text.isEmpty() ? -1 : Double.parseDouble(text);
    }
}
