package dev.sluice.gateway.server;

import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.http.ChatRequestReader;
import dev.sluice.gateway.http.HealthRoutes;
import dev.sluice.gateway.http.Route;
import dev.sluice.gateway.http.RouteTable;
import dev.sluice.gateway.http.StreamAdmission;
import dev.sluice.gateway.sse.SseEventEncoder;
import dev.sluice.gateway.stage.ChatStreamHandler;
import dev.sluice.gateway.stream.StreamRegistry;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Set;

/** Assembles the routes of SPEC section 2 from the configuration. */
final class GatewayRoutes {
    static final String CHAT_STREAM_PATH = "/api/chat/stream";

    private GatewayRoutes() {
    }

    static RouteTable build(GatewayConfig config, StreamRegistry streams, Readiness readiness) {
        SseEventEncoder encoder = new SseEventEncoder();
        ChatStreamHandler chat = new ChatStreamHandler(new ChatRequestReader(config.limits().maxMessageChars()),
                config.plan(), config.retryMs(), encoder, streams);
        return RouteTable.builder()
                .add(new Route(CHAT_STREAM_PATH, Set.of(HttpMethod.GET, HttpMethod.POST),
                        new StreamAdmission(chat, retryAfterSeconds(config))))
                .add(HealthRoutes.healthz())
                .add(HealthRoutes.readyz(() -> !readiness.isDraining() && !streams.isAtCapacity()))
                .build();
    }

    /**
     * The {@code Retry-After} of a refused stream: the same back-off the {@code retry:} hint gives
     * {@code EventSource} clients, in whole seconds, at least one.
     */
    static long retryAfterSeconds(GatewayConfig config) {
        return Math.max(1, (config.retryMs() + 999) / 1000);
    }
}
