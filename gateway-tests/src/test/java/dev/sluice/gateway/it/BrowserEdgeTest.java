package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.server.GatewayServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC section 11 in Debian's headless Chromium over TLS (a certificate made by the test;
 * {@code --ignore-certificate-errors} stands in for trusting it):
 *
 * <ul>
 *   <li>eight {@code EventSource}s opened by one page all get their first event within a second, over
 *       {@code h2}; the same page over plain HTTP/1.1 (the control) has two of them wait for a free
 *       connection, which is what the test would see if HTTP/2 were not in use;</li>
 *   <li>a page on another origin works when that origin is listed in {@code --cors-origins}
 *       ({@code EventSource} and a JSON {@code fetch} POST with its preflight), and gets nothing, and
 *       costs nothing (no stream started), when it is not.</li>
 * </ul>
 */
class BrowserEdgeTest {
    /** Stages long enough that six streams still hold their HTTP/1.1 connections after one second. */
    private static final long STAGE_MS = 300;

    /** Opens n EventSources, notes when each gets its first event, closes each on complete. */
    private static final String OPEN_EVENT_SOURCES = """
            const [base, n, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
            const t0 = performance.now();
            const first = new Array(n).fill(null);
            let completed = 0;
            for (let i = 0; i < n; i++) {
              const url = base + '/api/chat/stream?message=es' + i;
              const source = new EventSource(url);
              source.addEventListener('stage', () => {
                if (first[i] === null) first[i] = performance.now() - t0;
              });
              source.addEventListener('complete', () => {
                source.close();
                if (++completed === n) {
                  setTimeout(() => {
                    const protocols = performance.getEntriesByType('resource')
                        .filter(e => e.name.includes('/api/chat/stream?message=es'))
                        .map(e => e.nextHopProtocol);
                    done({first: first, protocols: protocols});
                  }, 100);
                }
              });
              source.onerror = () => { source.close(); done({error: 'EventSource ' + i + ' failed', first: first}); };
            }
            """;

    /** An EventSource and a JSON fetch POST (which needs a preflight) against another origin. */
    private static final String CROSS_ORIGIN = """
            const [base, done] = [arguments[0], arguments[arguments.length - 1]];
            const result = {eventSource: 'pending', fetch: 'pending'};
            const finish = () => { if (result.eventSource !== 'pending' && result.fetch !== 'pending') done(result); };
            const source = new EventSource(base + '/api/chat/stream?message=cross');
            source.addEventListener('complete', () => { source.close(); result.eventSource = 'complete'; finish(); });
            source.onerror = () => { source.close(); result.eventSource = 'error'; finish(); };
            fetch(base + '/api/chat/stream', {method: 'POST', headers: {'content-type': 'application/json'},
                body: JSON.stringify({message: 'cross'})})
              .then(r => r.text()).then(t => { result.fetch = t.includes('event: complete') ? 'complete' : t; finish(); })
              .catch(e => { result.fetch = 'error'; finish(); });
            """;

    @TempDir
    Path dir;
    private GatewayServer gateway;
    private HttpServer pages;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (pages != null) {
            pages.stop(0);
        }
    }

    private void startGateway(boolean tls, Map<ConfigOption, String> extra) throws Exception {
        Map<ConfigOption, String> options = new EnumMap<>(ConfigOption.class);
        options.put(ConfigOption.HOST, "127.0.0.1");
        options.put(ConfigOption.PORT, "0");
        options.put(ConfigOption.STAGE_DELAY_MS, Long.toString(STAGE_MS));
        if (tls) {
            TestCertificate cert = TestCertificate.create(dir, "localhost");
            options.put(ConfigOption.TLS_CERT, cert.cert().toString());
            options.put(ConfigOption.TLS_KEY, cert.key().toString());
        }
        options.putAll(extra);
        gateway = GatewayServer.start(GatewayConfig.of(options));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> run(HeadlessChromium browser, String script, Object... args) {
        browser.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return (Map<String, Object>) browser.driver().executeAsyncScript(script, args);
    }

    @Test
    void eightEventSourcesOnOnePageAllStartWithinASecondOverHttp2() throws Exception {
        startGateway(true, Map.of());
        String base = "https://localhost:" + gateway.port();
        try (HeadlessChromium browser = HeadlessChromium.start("--ignore-certificate-errors")) {
            browser.driver().get(base + "/");
            Map<String, Object> result = run(browser, OPEN_EVENT_SOURCES, base, 8);
            assertEquals(null, result.get("error"), String.valueOf(result));
            List<Number> first = (List<Number>) result.get("first");
            System.out.println("h2: first event of each of 8 EventSources (ms): " + first);
            for (int i = 0; i < 8; i++) {
                assertTrue(first.get(i).doubleValue() < 1000, "EventSource " + i + " first event at " + first.get(i)
                        + " ms: " + first);
            }
            assertEquals(List.of("h2", "h2", "h2", "h2", "h2", "h2", "h2", "h2"), result.get("protocols"));
            browser.screenshot("tls-h2-eight-streams");
        }
    }

    @Test
    void controlOverHttp11TheSeventhAndEighthEventSourceWaitForAConnection() throws Exception {
        startGateway(false, Map.of());
        String base = "http://localhost:" + gateway.port();
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.driver().get(base + "/");
            Map<String, Object> result = run(browser, OPEN_EVENT_SOURCES, base, 8);
            List<Number> first = (List<Number>) result.get("first");
            System.out.println("HTTP/1.1: first event of each of 8 EventSources (ms): " + first);
            long late = first.stream().filter(t -> t.doubleValue() >= 1000).count();
            assertEquals(2, late, "six connections per host on HTTP/1.1: " + first);
            assertEquals(List.of("http/1.1"), ((List<?>) result.get("protocols")).stream().distinct().toList());
        }
    }

    @Test
    void aCrossOriginPageWorksWhenItsOriginIsAllowedAndCostsNothingWhenNot() throws Exception {
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pages.createContext("/", exchange -> {
            byte[] page = "<!doctype html><title>another origin</title><p>app".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        pages.start();
        int pagePort = pages.getAddress().getPort();
        // The same page server is one origin as http://localhost:P and another as http://127.0.0.1:P.
        startGateway(true, Map.of(ConfigOption.CORS_ORIGINS, "http://localhost:" + pagePort));
        String base = "https://localhost:" + gateway.port();
        try (HeadlessChromium browser = HeadlessChromium.start("--ignore-certificate-errors")) {
            browser.driver().get("http://localhost:" + pagePort + "/");
            Map<String, Object> allowed = run(browser, CROSS_ORIGIN, base);
            assertEquals(Map.of("eventSource", "complete", "fetch", "complete"), allowed);

            long started = gateway.streams().startedStreams();
            browser.driver().get("http://127.0.0.1:" + pagePort + "/");
            Map<String, Object> refused = run(browser, CROSS_ORIGIN, base);
            assertEquals(Map.of("eventSource", "error", "fetch", "error"), refused);
            assertEquals(started, gateway.streams().startedStreams(), "a refused origin started no stream");
        }
    }
}
