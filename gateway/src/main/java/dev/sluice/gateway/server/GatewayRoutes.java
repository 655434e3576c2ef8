package dev.sluice.gateway.server;

import dev.sluice.gateway.bus.ChannelHomes;
import dev.sluice.gateway.bus.InProcessBus;
import dev.sluice.gateway.channel.ChannelHub;
import dev.sluice.gateway.channel.ChannelPaths;
import dev.sluice.gateway.channel.ChannelPublishRoute;
import dev.sluice.gateway.channel.ChannelStreamRoute;
import dev.sluice.gateway.grip.GripPublishRoute;
import com.fasterxml.jackson.core.JsonFactory;
import dev.sluice.gateway.channel.PublishTokens;
import dev.sluice.gateway.config.ConfigException;
import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.edge.CrossOriginRoutes;
import dev.sluice.gateway.http.ChatRequestReader;
import dev.sluice.gateway.http.HealthRoutes;
import dev.sluice.gateway.http.Route;
import dev.sluice.gateway.http.RouteTable;
import dev.sluice.gateway.http.StaticResources;
import dev.sluice.gateway.http.StaticRoute;
import dev.sluice.gateway.http.StreamAdmission;
import dev.sluice.gateway.log.SubscriberSettings;
import dev.sluice.gateway.metrics.OpenConnections;
import dev.sluice.gateway.metrics.GatewayMetrics;
import dev.sluice.gateway.metrics.HistogramQuantile;
import dev.sluice.gateway.metrics.MetricsRoute;
import dev.sluice.gateway.metrics.StatusSample;
import dev.sluice.gateway.metrics.StatusStreamHandler;
import dev.sluice.gateway.sse.SseEventEncoder;
import dev.sluice.gateway.stage.ChatStreamHandler;
import dev.sluice.gateway.stage.SharedStageLogs;
import dev.sluice.gateway.stage.StageJobs;
import dev.sluice.gateway.stream.StreamRegistry;
import dev.sluice.gateway.upstream.SidecarRoutes;
import dev.sluice.gateway.upstream.UpstreamRoute;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.Set;

/** Assembles the routes of SPEC section 2 from the configuration. */
final class GatewayRoutes {
    static final String CHAT_STREAM_PATH = ChatStreamHandler.PATH;
    static final String STATUS_STREAM_PATH = "/api/status/stream";
    private static final String FIRST_EVENT_HISTOGRAM = "sluice_time_to_first_event_seconds";

    private GatewayRoutes() {
    }

    /** The built-in routes only, ignoring configured sidecar routes (for pipelines without a transport). */
    static RouteTable build(GatewayConfig config, StreamRegistry streams, Readiness readiness) {
        GatewayMetrics metrics = new GatewayMetrics(config.plan(), new OpenConnections());
        metrics.countStreams(streams);
        ChannelHomes homes = ChannelHomes.single(GlobalEventExecutor.INSTANCE);
        ChannelHub channels = new ChannelHub(homes, new InProcessBus(homes), config.channels(), ByteBufAllocator.DEFAULT);
        return build(config, streams, readiness, SidecarRoutes.none(), metrics, channels, SharedStageLogs.NONE);
    }

    /**
     * The built-in routes plus the sidecar's; a sidecar route may take over {@value #CHAT_STREAM_PATH}.
     * {@code /metrics} is among them unless the configuration gives it an admin port of its own. Every
     * route answers cross-origin requests as {@code --cors-origins} says (SPEC section 11).
     */
    static RouteTable build(GatewayConfig config, StreamRegistry streams, Readiness readiness, SidecarRoutes sidecar,
            GatewayMetrics metrics, ChannelHub channels, SharedStageLogs sharedStageLogs) {
        SseEventEncoder encoder = new SseEventEncoder();
        StageJobs jobs = new StageJobs(config.resumeWindowMs(), sharedStageLogs);
        metrics.countJobs(jobs);
        ChatStreamHandler chat = new ChatStreamHandler(new ChatRequestReader(config.limits().maxMessageChars()),
                config.plan(), config.retryMs(), encoder, streams, metrics, jobs);
        HistogramQuantile firstEventP99 = new HistogramQuantile(metrics.registry(), FIRST_EVENT_HISTOGRAM, 0.99);
        StatusStreamHandler status = new StatusStreamHandler(() -> new StatusSample(streams.openStreams(),
                streams.startedStreams(), streams.eventsSent(), firstEventP99.read() * 1000), encoder,
                config.retryMs());
        RouteTable.Builder routes = RouteTable.builder();
        StaticRoute.routes(StaticResources.webPages()).forEach(routes::add);
        if (sidecar.routes().stream().noneMatch(route -> route.path().equals(CHAT_STREAM_PATH))) {
            routes.add(new Route(CHAT_STREAM_PATH, Set.of(HttpMethod.GET, HttpMethod.POST),
                    new StreamAdmission(chat, retryAfterSeconds(config))));
        }
        routes
                .add(new Route(STATUS_STREAM_PATH, Set.of(HttpMethod.GET), status))
                .add(HealthRoutes.healthz())
                .add(HealthRoutes.readyz(() -> wantsStreams(readiness, streams)));
        if (!config.observability().hasAdminPort()) {
            routes.add(MetricsRoute.route(metrics.registry()));
        }
        addChannelRoutes(routes, config, streams, channels, encoder);
        for (UpstreamRoute route : sidecar.routes()) {
            addSidecarRoute(routes, route, new StreamAdmission(sidecar.handler(route), retryAfterSeconds(config)));
        }
        // Last, so that it covers every route above, whoever added it.
        return CrossOriginRoutes.apply(routes.build(), config.edge().cors());
    }

    /** SPEC section 9: publish and subscribe, by channel name in the path. */
    private static void addChannelRoutes(RouteTable.Builder routes, GatewayConfig config, StreamRegistry streams,
            ChannelHub channels, SseEventEncoder encoder) {
        routes.add(new Route(ChannelPaths.EVENTS, Set.of(HttpMethod.POST), new ChannelPublishRoute(channels,
                new PublishTokens(config.channels().publishTokens()),
                path -> RouteTable.segment(ChannelPaths.EVENTS, path), retryAfterSeconds(config))));
        routes.add(new Route(ChannelPaths.STREAM, Set.of(HttpMethod.GET), new StreamAdmission(
                channelStream(config, streams, channels, encoder), retryAfterSeconds(config))));
        // GRIP's publish endpoint (SPEC section 10): the same hub and the same tokens.
        routes.add(new GripPublishRoute(channels, new PublishTokens(config.channels().publishTokens()),
                new JsonFactory(), retryAfterSeconds(config)).route());
    }

    /**
     * {@code GET /api/channels/{channel}/stream}; also where a sidecar hold hands its client over
     * ({@link ChannelStreamRoute#follow}).
     */
    static ChannelStreamRoute channelStream(GatewayConfig config, StreamRegistry streams, ChannelHub channels,
            SseEventEncoder encoder) {
        SubscriberSettings subscribers = new SubscriberSettings(encoder, config.retryMs(), channels.stats());
        return new ChannelStreamRoute(channels, streams, subscribers,
                path -> RouteTable.segment(ChannelPaths.STREAM, path));
    }

    private static void addSidecarRoute(RouteTable.Builder routes, UpstreamRoute route, StreamAdmission handler) {
        try {
            routes.add(new Route(route.path(), route.methods(), handler));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigOption.ROUTES.flag() + ": " + route.path()
                    + " is one of the gateway's own paths");
        }
    }

    /** The admin port's routes: metrics and the health checks, for scrapers and orchestrators only. */
    static RouteTable admin(StreamRegistry streams, Readiness readiness, GatewayMetrics metrics) {
        return RouteTable.builder()
                .add(MetricsRoute.route(metrics.registry()))
                .add(HealthRoutes.healthz())
                .add(HealthRoutes.readyz(() -> wantsStreams(readiness, streams)))
                .build();
    }

    /** What {@code /readyz} reports on either port: not draining and below the stream limit. */
    private static boolean wantsStreams(Readiness readiness, StreamRegistry streams) {
        return !readiness.isDraining() && !streams.isAtCapacity();
    }

    /**
     * The {@code Retry-After} of a refused stream: the same back-off the {@code retry:} hint gives
     * {@code EventSource} clients, in whole seconds, at least one.
     */
    static long retryAfterSeconds(GatewayConfig config) {
        return Math.max(1, (config.retryMs() + 999) / 1000);
    }
}
