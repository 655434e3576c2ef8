package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.server.GatewayServer;
import dev.sluice.gateway.testing.JsonDocument;
import dev.sluice.gateway.testing.ReceivedEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GRIP compatibility (SPEC section 10) with the real thing: a Node app server written for Pushpin with
 * the npm GRIP library ({@code @fanoutio/grip} 4.3.0, in {@code gateway-tests/grip-app}) runs behind
 * Sluice unchanged. It answers each report request at once with {@code Grip-Hold: stream}, then does
 * its slow work and publishes progress through the library's {@code Publisher} (which POSTs to Sluice's
 * {@code /publish/} with its key as a bearer token), and ends each stream with the library's close.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GripAppTest {
    private static final Path APP = Path.of("grip-app");
    private static final String TOKEN = "grip-app-token";
    private static final int IO_THREADS = 2;
    private static final int CLIENTS = 10;
    private static final int STEPS = 3;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anAppWrittenForPushpinWithTheNpmGripLibraryStreamsThroughSluice() throws Exception {
        Path node = RequiredBinary.require("/usr/bin/node", "nodejs");
        requireInstalledApp();
        int appPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            appPort = probe.getLocalPort();
        }
        GatewayServer gateway = GatewayServer.start(GatewayConfig.of(Map.of(
                ConfigOption.PORT, "0",
                ConfigOption.HOST, "127.0.0.1",
                ConfigOption.IO_THREADS, Integer.toString(IO_THREADS),
                ConfigOption.PUBLISH_TOKENS, TOKEN,
                ConfigOption.ROUTES, "/api/report/stream=http://127.0.0.1:" + appPort + "/report")));
        ProcessBuilder builder = new ProcessBuilder(node.toString(), "app.mjs").directory(APP.toFile())
                .redirectErrorStream(true);
        builder.environment().put("PORT", Integer.toString(appPort));
        builder.environment().put("GRIP_URL", "http://127.0.0.1:" + gateway.port() + "/?key=" + TOKEN);
        builder.environment().put("STEP_MS", "150");
        builder.environment().put("STEPS", Integer.toString(STEPS));
        Process app = builder.start();
        List<SseTestClient> clients = new ArrayList<>();
        try {
            BufferedReader appOutput = new BufferedReader(new InputStreamReader(app.getInputStream(),
                    StandardCharsets.UTF_8));
            String first = appOutput.readLine();
            assertEquals("listening on " + appPort, first, "the app server started");

            List<String> streamIds = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                SseTestClient client = SseTestClient.connect(gateway.port());
                clients.add(client);
                client.send(SseTestClient.get("/api/report/stream"));
                assertEquals(200, client.readHead().status());
                ReceivedEvent accepted = client.nextEvent();
                assertEquals("stage", accepted.event());
                String streamId = (String) accepted.json().get("streamId");
                streamIds.add(streamId);
                ReceivedEvent queued = client.nextEvent();
                assertEquals("queued", queued.event(), "the hold answer's body comes first");
                assertEquals("{\"channel\":\"report-" + streamId + "\"}", queued.data());
            }
            Map<String, Object> held = stats(appPort);
            // The stats request is one connection; the rest are the gateway's pooled keep-alive ones: one per
            // event loop, or two where a client's request came in before the previous answer's last chunk had
            // been read (Node may send it apart), never one per held client.
            long gatewayConnections = ((Number) held.get("connections")).longValue() - 1;
            assertTrue(gatewayConnections <= 2 * IO_THREADS, CLIENTS + " clients held, app connections from the"
                    + " gateway: " + gatewayConnections);
            assertEquals(0L, ((Number) held.get("inFlight")).longValue(), "no request of a held client is open");
            assertEquals((long) CLIENTS, ((Number) held.get("held")).longValue());

            for (int i = 0; i < CLIENTS; i++) {
                SseTestClient client = clients.get(i);
                for (int step = 1; step <= STEPS; step++) {
                    ReceivedEvent progress = client.nextEvent();
                    assertEquals("progress", progress.event());
                    assertEquals("{\"step\":" + step + ",\"of\":" + STEPS + "}", progress.data());
                }
                ReceivedEvent done = client.nextEvent();
                assertEquals("done", done.event());
                assertEquals("{\"channel\":\"report-" + streamIds.get(i) + "\"}", done.data());
                Assertions.assertNull(client.nextEvent(), "the library's close ends the stream cleanly");
            }
            // The app counts a close once its publish call returns, which may be just after the client saw it.
            Map<String, Object> after = stats(appPort);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (((Number) after.get("closed")).longValue() < CLIENTS && System.nanoTime() < deadline) {
                Thread.sleep(20);
                after = stats(appPort);
            }
            assertEquals(0L, ((Number) after.get("publishErrors")).longValue(), "every publish was accepted");
            assertEquals((long) CLIENTS * STEPS, ((Number) after.get("published")).longValue());
            assertEquals((long) CLIENTS, ((Number) after.get("closed")).longValue());
        } finally {
            for (SseTestClient client : clients) {
                client.close();
            }
            app.destroy();
            app.waitFor(5, TimeUnit.SECONDS);
            gateway.close();
        }
    }

    private Map<String, Object> stats(int appPort) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + appPort + "/stats")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return JsonDocument.parseObject(response.body());
    }

    /** The app's npm packages, which {@code .ci/run} installs with {@code npm ci}. */
    private static void requireInstalledApp() {
        if (Files.isDirectory(APP.resolve("node_modules/@fanoutio/grip"))) {
            return;
        }
        String message = APP.toAbsolutePath() + "/node_modules is missing: run `npm ci --prefix gateway-tests/grip-app`";
        MissingPrerequisite.skipOrFail(message);
    }
}
