package dev.sluice.gateway.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz} (the process serves) and {@code /readyz} (it wants traffic). Load balancers poll
 * these often, so both answer from memory with tiny bodies.
 */
public final class HealthRoutes {
    private HealthRoutes() {
    }

    public static Route healthz() {
        return new Route("/healthz", Set.of(HttpMethod.GET), (ctx, request, uri, onEnd) -> {
            JsonResponses.send(ctx, JsonResponses.json(ctx.alloc(), HttpResponseStatus.OK, g -> {
                g.writeStartObject();
                g.writeStringField("status", "ok");
                g.writeEndObject();
            }), false);
            return null;
        });
    }

    /** @param ready tells whether new streams are welcome now */
    public static Route readyz(BooleanSupplier ready) {
        return new Route("/readyz", Set.of(HttpMethod.GET), (ctx, request, uri, onEnd) -> {
            if (ready.getAsBoolean()) {
                JsonResponses.send(ctx, JsonResponses.json(ctx.alloc(), HttpResponseStatus.OK, g -> {
                    g.writeStartObject();
                    g.writeStringField("status", "ready");
                    g.writeEndObject();
                }), false);
            } else {
                JsonResponses.sendError(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "not_ready",
                        "draining or at capacity", false);
            }
            return null;
        });
    }
}
