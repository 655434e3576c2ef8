package dev.sluice.gateway.it;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.server.GatewayServer;
import java.util.Map;

/**
 * A gateway whose every stream sends {@code stages} events with labels of {@code labelChars} characters back to
 * back (no stage delay), with a slow-client timeout: what overflows a client that does not read.
 */
final class FloodingGateway {

    private FloodingGateway() {
    }

    static GatewayServer start(int stages, int labelChars, long slowClientTimeoutMs) throws InterruptedException {
        String label = "x".repeat(labelChars);
        StringBuilder plan = new StringBuilder();
        for (int i = 0; i < stages; i++) {
            plan.append(i == 0 ? "" : ",").append("s").append(i).append(":50:0:").append(label);
        }
        return GatewayServer.start(GatewayConfig.of(Map.of(
                ConfigOption.PORT, "0",
                ConfigOption.HOST, "127.0.0.1",
                ConfigOption.STAGES, plan.toString(),
                ConfigOption.SLOW_CLIENT_TIMEOUT_MS, Long.toString(slowClientTimeoutMs))));
    }
}
