package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The demo page as a test drives it, through the ids and data attributes the page keeps stable. */
final class DemoPage {
    static final List<String> STAGES = List.of("init", "intent", "retrieve", "reason", "generate", "finalize");
    static final List<Integer> PROGRESS = List.of(5, 15, 35, 60, 85, 100);

    private final WebDriver driver;

    DemoPage(WebDriver driver) {
        this.driver = driver;
    }

    /** Sends {@code message} with {@code mode} ({@code eventsource} or {@code fetch}) and waits for the end. */
    void send(String mode, String message) {
        start(mode, message);
        waitUntilDone();
    }

    /** Sends {@code message} with {@code mode} and returns while it streams. */
    void start(String mode, String message) {
        driver.findElement(By.id("mode-" + mode)).click();
        WebElement box = driver.findElement(By.id("message"));
        box.clear();
        box.sendKeys(message);
        driver.findElement(By.id("send")).click();
    }

    /**
     * Arranges for "Drop the connection" to be pressed the moment the {@code stages}-th stage row appears
     * (in the page itself, so no WebDriver polling delay lets the stream finish first). Call before
     * {@link #start}.
     */
    void dropAfter(int stages) {
        ((JavascriptExecutor) driver).executeScript(String.join("\n",
                "const [n] = arguments;",
                "const list = document.getElementById('stages');",
                "const observer = new MutationObserver(() => {",
                "  if (list.querySelectorAll('li[data-stage-id]').length >= n) {",
                "    observer.disconnect();",
                "    document.getElementById('drop').click();",
                "  }",
                "});",
                "observer.observe(list, { childList: true });"), stages);
    }

    void waitUntilDone() {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> {
            String state = d.findElement(By.id("state")).getAttribute("data-state");
            if ("error".equals(state)) {
                throw new AssertionError("the page reports: " + d.findElement(By.id("state")).getText());
            }
            return "done".equals(state);
        });
    }

    /**
     * Checks the finished run: progress 100%, the six stages in order with their progress, the
     * summary from {@code complete} for the mode used; and that the stages arrived spread in time,
     * about {@code 2 * minGapMs} apart (a buffered stream arrives in one burst).
     *
     * @return the arrival times the page recorded, in ms since send
     */
    List<Long> assertCompleted(String mode, long minGapMs) {
        WebElement progress = driver.findElement(By.id("progress"));
        assertEquals("100", progress.getAttribute("value"));
        assertEquals("100", progress.getAttribute("aria-valuenow"));
        assertEquals("100%", driver.findElement(By.id("progress-label")).getText());

        List<WebElement> rows = driver.findElements(By.cssSelector("#stages li[data-stage-id]"));
        assertEquals(STAGES, rows.stream().map(r -> r.getAttribute("data-stage-id")).toList());
        assertEquals(PROGRESS, rows.stream().map(r -> Integer.parseInt(r.getAttribute("data-progress"))).toList());
        List<Long> arrived = rows.stream().map(r -> Long.parseLong(r.getAttribute("data-arrived-ms"))).toList();
        // Spread in time: most gaps about a delay long and the whole run about the schedule's length.
        // A buffered stream arrives in one burst and fails both; one browser hiccup fails neither.
        long spaced = 0;
        for (int i = 1; i < arrived.size(); i++) {
            if (arrived.get(i) - arrived.get(i - 1) >= minGapMs) {
                spaced++;
            }
        }
        long span = arrived.get(arrived.size() - 1) - arrived.get(0);
        assertTrue(spaced >= 4 && span >= (arrived.size() - 1) * minGapMs * 8 / 5,
                "stages should arrive spread in time, at least " + minGapMs + " ms apart; arrivals (ms): " + arrived);

        WebElement complete = driver.findElement(By.id("complete"));
        assertTrue(complete.isDisplayed(), "the complete summary is not shown");
        assertEquals(mode, complete.getAttribute("data-mode"));
        assertTrue(Long.parseLong(complete.getAttribute("data-arrived-ms")) >= arrived.get(arrived.size() - 1));
        List<WebElement> timings = driver.findElements(By.cssSelector("#complete-stages tr[data-stage-id]"));
        assertEquals(STAGES, timings.stream().map(r -> r.getAttribute("data-stage-id")).toList());
        // Stage times are measured between events whose dues are fixed from the start, so a stage the loaded
        // machine ran late makes the next one look short: most, not all, must show the delay.
        List<Long> took = timings.stream().map(t -> Long.parseLong(t.getAttribute("data-ms"))).toList();
        assertTrue(took.stream().filter(ms -> ms >= minGapMs).count() >= took.size() - 2,
                "stages should each take about the stage delay; took (ms): " + took);
        return arrived;
    }
}
