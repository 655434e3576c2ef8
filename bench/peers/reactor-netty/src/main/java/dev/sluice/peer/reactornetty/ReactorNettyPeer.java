package dev.sluice.peer.reactornetty;

import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Bench peer: the staged SSE stream served the way a reactor-netty (Spring WebFlux) user serves it, with
 * {@link HttpServer} routes and a {@code Flux} per stream. Prints {@code listening on PORT} once bound.
 */
public final class ReactorNettyPeer {

    private ReactorNettyPeer() {
    }

    /** Binds a server for {@code options} (port 0 picks a free one) serving {@code routes}. */
    public static DisposableServer start(PeerOptions options, ChatStreamRoutes routes) {
        return HttpServer.create()
                .host(options.host())
                .port(options.port())
                .route(routes)
                .bindNow();
    }

    public static void main(String[] args) {
        PeerOptions options;
        try {
            options = PeerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        DisposableServer server = start(options, new ChatStreamRoutes(options.stages(), options.stageDelay()));
        System.out.println("listening on " + server.port());
        server.onDispose().block();
    }
}
