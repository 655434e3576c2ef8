package dev.sluice.gateway.it;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.server.GatewayServer;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
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
    private GatewayServer server;

    public GatewayExtension() {
        this(Map.of());
    }

    /** A gateway with these options set on top of the test defaults (loopback, free port, short stages). */
    public GatewayExtension(Map<ConfigOption, String> extra) {
        Map<ConfigOption, String> options = new EnumMap<>(ConfigOption.class);
        options.put(ConfigOption.PORT, "0");
        options.put(ConfigOption.HOST, "127.0.0.1");
        options.put(ConfigOption.STAGE_DELAY_MS, Long.toString(STAGE_DELAY_MS));
        options.putAll(extra);
        this.options = options;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws InterruptedException {
        server = GatewayServer.start(GatewayConfig.of(options));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
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
