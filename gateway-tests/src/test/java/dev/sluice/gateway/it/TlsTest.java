package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.server.GatewayServer;
import dev.sluice.gateway.testing.ReceivedEvent;
import dev.sluice.gateway.testing.StageStreamAssertions;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the main port (SPEC section 11): ALPN picks HTTP/2 or HTTP/1.1, a certificate replaced on
 * disk is served to the next handshake, failed handshakes are counted and cost nothing else, curl
 * streams over HTTP/2, and a drain sends GOAWAY before the final events.
 */
class TlsTest {
    private static final long DELAY_MS = GatewayExtension.STAGE_DELAY_MS;

    @TempDir
    Path dir;
    private GatewayServer gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private GatewayServer start(TestCertificate cert, Map<ConfigOption, String> extra) throws InterruptedException {
        Map<ConfigOption, String> options = new java.util.EnumMap<>(ConfigOption.class);
        options.put(ConfigOption.HOST, "127.0.0.1");
        options.put(ConfigOption.PORT, "0");
        options.put(ConfigOption.STAGE_DELAY_MS, Long.toString(DELAY_MS));
        options.put(ConfigOption.TLS_CERT, cert.cert().toString());
        options.put(ConfigOption.TLS_KEY, cert.key().toString());
        options.putAll(extra);
        gateway = GatewayServer.start(GatewayConfig.of(options));
        return gateway;
    }

    @Test
    void aCertificateReplacedOnDiskIsServedToTheNextHandshake() throws Exception {
        TestCertificate first = TestCertificate.create(dir, "first");
        start(first, Map.of());
        try (H2TestClient client = H2TestClient.connect(gateway.port(), 65_535)) {
            assertEquals(first.x509(), client.serverCertificate());
        }
        TestCertificate second = TestCertificate.create(dir, "second");
        java.security.cert.X509Certificate secondX509 = second.x509();
        second.replace(first);
        // The files are looked at at most once a second, by a new connection.
        Thread.sleep(1100);
        try (H2TestClient client = H2TestClient.connect(gateway.port(), 65_535)) {
            assertEquals(secondX509, client.serverCertificate(), "the new certificate, without a restart");
            H2TestClient.Stream stream = client.get("/api/chat/stream?message=rotated");
            stream.awaitEnd(5_000);
            StageStreamAssertions.assertDefaultStream(stream.events(), DELAY_MS);
        }

        // A broken replacement is not taken: the last good certificate stays in use.
        Files.writeString(first.cert(), "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n");
        Thread.sleep(1100);
        for (int i = 0; i < 2; i++) {
            try (H2TestClient client = H2TestClient.connect(gateway.port(), 65_535)) {
                assertEquals(secondX509, client.serverCertificate());
            }
        }
    }

    @Test
    void anHttp11RequestSentOverTlsDuringAStreamIsAnsweredAfterIt() throws Exception {
        start(TestCertificate.create(dir, "localhost"), Map.of());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("GET /api/chat/stream?message=tls HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] buffer = new byte[16384];
            int n = in.read(buffer);
            String first = new String(buffer, 0, n, StandardCharsets.UTF_8);
            assertTrue(first.startsWith("HTTP/1.1 200 OK\r\n"), first);
            // While the stream runs the gateway decodes nothing; this waits, decrypted, until it ends.
            out.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String rest = first + new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int complete = rest.indexOf("event: complete");
            int health = rest.indexOf("HTTP/1.1 200 OK", 1);
            assertTrue(complete > 0 && health > complete, rest);
            assertTrue(rest.substring(health).contains("\"status\":\"ok\""), rest);
        }
    }

    @Test
    void http11ClientsWithoutAlpnGetStreamsAndFailedHandshakesAreCounted() throws Exception {
        start(TestCertificate.create(dir, "localhost"), Map.of());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            assertEquals("", socket.getApplicationProtocol() == null ? "" : socket.getApplicationProtocol());
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/chat/stream?message=tls HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
            assertTrue(response.contains("event: complete"), response);
        }
        assertEquals(1, gateway.edgeStats().handshakes(true));

        long failed = gateway.edgeStats().handshakes(false);
        // Plain HTTP sent to the TLS port: the handshake fails, the connection is closed, nothing else.
        try (Socket plain = new Socket()) {
            plain.setSoTimeout(5000);
            plain.connect(new InetSocketAddress("127.0.0.1", gateway.port()));
            plain.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = plain.getInputStream();
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // until the gateway closes
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (gateway.edgeStats().handshakes(false) == failed && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(failed + 1, gateway.edgeStats().handshakes(false));
        assertEquals(0, gateway.streams().openStreams());
    }

    @Test
    void anHttp2RequestThatNeverArrivesWholeGets408WhileItsSiblingsStream() throws Exception {
        start(TestCertificate.create(dir, "localhost"), Map.of(ConfigOption.REQUEST_TIMEOUT_MS, "300"));
        try (H2TestClient client = H2TestClient.connect(gateway.port(), 65_535)) {
            long opened = System.nanoTime();
            H2TestClient.Stream stalled = client.postWithoutBody("/api/chat/stream");
            H2TestClient.Stream sibling = client.get("/api/chat/stream?message=sibling");
            assertEquals("408", stalled.headers(5_000).status().toString());
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened);
            assertTrue(tookMs >= 250, "not before the timeout: " + tookMs + " ms");
            stalled.awaitEnd(5_000);
            assertTrue(stalled.body().contains("request_timeout"), stalled.body());
            sibling.awaitEnd(5_000);
            StageStreamAssertions.assertDefaultStream(sibling.events(), DELAY_MS);
            assertTrue(client.connection().isActive(), "the connection is kept");
        }
    }

    @Test
    void curlStreamsOverHttp2() throws Exception {
        start(TestCertificate.create(dir, "localhost"), Map.of());
        Path curl = RequiredBinary.require("/usr/bin/curl", "curl");
        Process process = new ProcessBuilder(curl.toString(), "-sS", "-k", "-N", "--http2",
                "-w", "\\nhttp_version=%{http_version}\\n",
                "https://127.0.0.1:" + gateway.port() + "/api/chat/stream?message=curl")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("http_version=2"), output);
        List<ReceivedEvent> events = new dev.sluice.gateway.testing.SseParser()
                .feed(output.substring(0, output.indexOf("\nhttp_version=") + 1));
        assertEquals(7, events.size(), output);
        assertEquals("complete", events.get(6).event());
    }

    @Test
    void aDrainSendsGoAwayBeforeTheFinalEvents() throws Exception {
        // Stages far longer than the drain deadline, so the stream is ended by the drain.
        start(TestCertificate.create(dir, "localhost"), Map.of(ConfigOption.STAGE_DELAY_MS, "60000",
                ConfigOption.DRAIN_TIMEOUT_MS, "300"));
        try (H2TestClient client = H2TestClient.connect(gateway.port(), 65_535)) {
            H2TestClient.Stream stream = client.get("/api/chat/stream?message=drain");
            stream.headers(5_000);
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(gateway::close);
            Http2GoAwayFrame goAway = client.goAway().get(5, TimeUnit.SECONDS);
            try {
                assertEquals(Http2Error.NO_ERROR.code(), goAway.errorCode());
            } finally {
                goAway.release();
            }
            stream.awaitEnd(5_000);
            shutdown.get(10, TimeUnit.SECONDS);
            List<ReceivedEvent> events = stream.events();
            ReceivedEvent last = events.get(events.size() - 1);
            assertEquals("error", last.event(), stream.body());
            assertEquals("shutdown", last.json().get("code"));
            assertTrue(client.goAwayNanos() < last.arrivalNanos(), "GOAWAY came before the final event");
            assertFalse(events.isEmpty());
        }
        gateway = null;
    }
}
