package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.server.GatewayServer;
import dev.sluice.gateway.testing.ReceivedEvent;
import dev.sluice.gateway.testing.StageStreamAssertions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's two ways to put Sluice behind a proxy for browsers over HTTPS, each run with the real
 * proxy and an HTTP/2 client: nginx terminating TLS and HTTP/2 in front of a plain Sluice, and HAProxy
 * passing TLS through to a Sluice that does TLS and HTTP/2 itself. Either way many streams share the
 * browser's one connection and each event arrives as it is produced.
 */
class TlsProxyTest {
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

    private void startGateway(TestCertificate cert) throws InterruptedException {
        Map<ConfigOption, String> options = new EnumMap<>(ConfigOption.class);
        options.put(ConfigOption.HOST, "127.0.0.1");
        options.put(ConfigOption.PORT, "0");
        options.put(ConfigOption.STAGE_DELAY_MS, Long.toString(DELAY_MS));
        if (cert != null) {
            options.put(ConfigOption.TLS_CERT, cert.cert().toString());
            options.put(ConfigOption.TLS_KEY, cert.key().toString());
        }
        gateway = GatewayServer.start(GatewayConfig.of(options));
    }

    private static void assertTenStreamsOnOneConnection(int port, String prefix) throws Exception {
        try (H2TestClient client = H2TestClient.connect(port, 65_535)) {
            List<H2TestClient.Stream> streams = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                streams.add(client.get(prefix + "/api/chat/stream?message=proxied" + i));
            }
            for (H2TestClient.Stream stream : streams) {
                stream.awaitEnd(10_000);
                assertEquals("200", stream.headers(0).status().toString());
                List<ReceivedEvent> events = stream.events();
                StageStreamAssertions.assertDefaultStream(events, DELAY_MS);
                int apart = 0;
                for (int i = 1; i < events.size(); i++) {
                    if (events.get(i).arrivalNanos() - events.get(i - 1).arrivalNanos()
                            >= TimeUnit.MILLISECONDS.toNanos(DELAY_MS / 3)) {
                        apart++;
                    }
                }
                assertTrue(apart >= 3, "events arrive as produced, not buffered: " + apart + " of 6 apart");
            }
        }
    }

    @Test
    void nginxTerminatesTlsAndHttp2InFrontOfAPlainGateway() throws Exception {
        startGateway(null);
        TestCertificate cert = TestCertificate.create(dir, "localhost");
        try (NginxProxy nginx = NginxProxy.startTls(List.of(NginxProxy.location("/sluice/", gateway.port())),
                cert.cert(), cert.key())) {
            assertTenStreamsOnOneConnection(nginx.port(), "/sluice");
        }
    }

    @Test
    void haproxyPassesTlsThroughToTheGateway() throws Exception {
        TestCertificate cert = TestCertificate.create(dir, "localhost");
        startGateway(cert);
        try (HaproxyProxy haproxy = HaproxyProxy.tlsPassthrough(gateway.port())) {
            long okBefore = gateway.edgeStats().handshakes(true);
            assertTenStreamsOnOneConnection(haproxy.port(), "");
            try (H2TestClient client = H2TestClient.connect(haproxy.port(), 65_535)) {
                assertEquals(cert.x509(), client.serverCertificate(), "the gateway's own certificate");
            }
            Thread.sleep(2500); // one health-check interval
            // Two client connections, and HAProxy's health checks: TLS handshakes of their own and GET /readyz.
            assertTrue(gateway.edgeStats().handshakes(true) >= okBefore + 3,
                    "health checks handshake too: " + gateway.edgeStats().handshakes(true));
        }
        assertTrue(gateway.edgeStats().h2Streams() >= 10);
    }
}
