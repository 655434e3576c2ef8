package dev.sluice.gateway.it;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.server.GatewayServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one gateway for a test class on a free loopback port and closes it after the class.
 * Register it as a static field with {@code @RegisterExtension}.
 */
public final class GatewayExtension implements BeforeAllCallback, AfterAllCallback {
    /** Short enough to keep the suite fast, long enough that seven events are clearly spread in time. */
    public static final long STAGE_DELAY_MS = 60;

    private final Map<ConfigOption, String> options;
    private final boolean tls;
    private Path certificates;
    private GatewayServer server;

    public GatewayExtension() {
        this(Map.of());
    }

    /** A gateway with these options set on top of the test defaults (loopback, free port, short stages). */
    public GatewayExtension(Map<ConfigOption, String> extra) {
        this(extra, false);
    }

    /**
     * A gateway with these options that serves TLS on its main port (HTTP/2 or HTTP/1.1 by ALPN) with a
     * fresh self-signed certificate for {@code localhost}, written to a directory of its own for the class.
     */
    public static GatewayExtension tls(Map<ConfigOption, String> extra) {
        return new GatewayExtension(extra, true);
    }

    private GatewayExtension(Map<ConfigOption, String> extra, boolean tls) {
        this.tls = tls;
        Map<ConfigOption, String> options = new EnumMap<>(ConfigOption.class);
        options.put(ConfigOption.PORT, "0");
        options.put(ConfigOption.HOST, "127.0.0.1");
        options.put(ConfigOption.STAGE_DELAY_MS, Long.toString(STAGE_DELAY_MS));
        options.putAll(extra);
        this.options = options;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        Map<ConfigOption, String> options = new EnumMap<>(this.options);
        if (tls) {
            certificates = Files.createTempDirectory("sluice-test-tls");
            TestCertificate cert = TestCertificate.create(certificates, "localhost");
            options.put(ConfigOption.TLS_CERT, cert.cert().toString());
            options.put(ConfigOption.TLS_KEY, cert.key().toString());
        }
        server = GatewayServer.start(GatewayConfig.of(options));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        if (certificates != null) {
            try (Stream<Path> files = Files.walk(certificates)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            certificates = null;
        }
    }

    public GatewayServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    public SseTestClient connect() throws IOException {
        return SseTestClient.connect(server.port());
    }
}
