package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Resume (SPEC section 8) in a real browser: Debian's headless Chromium and a plain {@code EventSource},
 * which knows nothing of Sluice and reconnects by itself with {@code Last-Event-ID}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResumeBrowserTest {
    private static final long STAGE_DELAY_MS = 150;
    /** Short, so the browser's own reconnect comes quickly; EventSource waits this long before it. */
    private static final long RETRY_MS = 300;
    private static final List<String> STAGE_IDS = List.of("init", "intent", "retrieve", "reason", "generate",
            "finalize");

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(Map.of(
            ConfigOption.RETRY_MS, Long.toString(RETRY_MS),
            ConfigOption.STAGE_DELAY_MS, Long.toString(STAGE_DELAY_MS)));
    private static final HttpClient http = HttpClient.newHttpClient();
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

    /**
     * Records what an EventSource sees into {@code window.seen}: each event's type, id and data, each
     * open, each connection error with the readyState after it. {@code closeOnComplete} is what a careful
     * page does; a careless one never calls {@code close()}.
     */
    private static final String OPEN_EVENT_SOURCE = """
            const [url, closeOnComplete] = arguments;
            window.seen = { events: [], opens: 0, errors: [] };
            const source = new EventSource(url);
            window.source = source;
            source.onopen = () => window.seen.opens++;
            source.onerror = e => { if (!e.data) window.seen.errors.push(source.readyState); };
            for (const type of ['stage', 'complete', 'error']) {
              source.addEventListener(type, e => {
                if (type === 'error' && !e.data) return; // a connection error, not the server's event
                window.seen.events.push({ type, id: e.lastEventId, data: e.data });
                if (type !== 'stage' && closeOnComplete) source.close();
              });
            }
            """;

    @Test
    void anEventSourceCutByAProxyMidStreamResumesTheSameStream() throws Exception {
        double jobsBefore = jobsStarted();
        // Cut after the retry hint and three events: events 1..3 arrived, 4..7 did not.
        try (CuttingProxy proxy = new CuttingProxy(gateway.port(), "GET /api/chat/stream", 4)) {
            browser.driver().get("http://127.0.0.1:" + proxy.port() + "/");
            script(OPEN_EVENT_SOURCE, "api/chat/stream?message=resume%20me", true);
            waitFor(() -> events().stream().anyMatch(e -> !"stage".equals(e.get("type"))));

            assertTrue(proxy.hasCut(), "the proxy cut the stream");
            List<Map<String, Object>> events = events();
            assertEquals("complete", events.get(events.size() - 1).get("type"), "events: " + events);
            String streamId = streamIdOf(events.get(0));
            List<String> ids = new ArrayList<>();
            List<String> stages = new ArrayList<>();
            for (Map<String, Object> event : events) {
                ids.add((String) event.get("id"));
                assertEquals(streamId, streamIdOf(event), "every event names the same stream");
                String data = (String) event.get("data");
                if ("stage".equals(event.get("type"))) {
                    stages.add(data.replaceAll(".*\"stageId\":\"([a-z]+)\".*", "$1"));
                }
            }
            List<String> expectedIds = new ArrayList<>();
            for (int seq = 1; seq <= 7; seq++) {
                expectedIds.add(streamId + ":" + seq);
            }
            assertEquals(expectedIds.subList(0, events.size()), ids, "each event once, in order, none skipped");
            assertEquals(STAGE_IDS, stages);
            assertEquals(7, events.size());
            long opens = ((Number) seen().get("opens")).longValue();
            assertEquals(2, opens, "one reconnect: " + seen());
            assertEquals(2, proxy.connections(), "the page load's connection and the reconnect's");
            assertEquals(jobsBefore + 1, jobsStarted(), "the reconnect started no second job");
        }
    }

    @Test
    void anEventSourceThatNeverClosesStopsAfterComplete() throws Exception {
        double jobsBefore = jobsStarted();
        browser.driver().get("http://127.0.0.1:" + gateway.port() + "/");
        script(OPEN_EVENT_SOURCE, "api/chat/stream?message=forgets%20to%20close", false);
        // After complete the stream ends; EventSource reconnects after retry with the final id, gets 204
        // and stops for good (readyState CLOSED, 2) instead of re-running the job every RETRY_MS.
        waitFor(() -> ((Number) script("return window.source.readyState;")).intValue() == 2);
        long closedAt = System.nanoTime();
        List<Map<String, Object>> events = events();
        assertEquals("complete", events.get(events.size() - 1).get("type"));
        assertEquals(7, events.size(), "one run: " + events);
        // Three more retry periods: a client that had not stopped would have re-run the job by now.
        Thread.sleep(3 * RETRY_MS);
        assertTrue(System.nanoTime() - closedAt >= TimeUnit.MILLISECONDS.toNanos(3 * RETRY_MS));
        assertEquals(7, events().size());
        assertEquals(2, ((Number) script("return window.source.readyState;")).intValue());
        assertEquals(jobsBefore + 1, jobsStarted(), "the job ran once");
    }

    private Object script(String source, Object... args) {
        return ((JavascriptExecutor) browser.driver()).executeScript(source, args);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> seen() {
        return (Map<String, Object>) script("return window.seen;");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> events() {
        return (List<Map<String, Object>>) seen().get("events");
    }

    private static String streamIdOf(Map<String, Object> event) {
        String id = (String) event.get("id");
        int colon = id.lastIndexOf(':');
        assertTrue(colon > 0, "id " + id + " names <streamId>:<seq>");
        return id.substring(0, colon);
    }

    private void waitFor(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> condition.getAsBoolean());
    }

    /** Jobs the gateway started, as {@code /metrics} reports them. */
    private static double jobsStarted() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return PrometheusText.parse(response.body()).sample("sluice_stage_jobs_started_total");
    }
}
