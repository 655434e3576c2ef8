package dev.sluice.gateway.config;

import dev.sluice.gateway.edge.CorsPolicy;
import dev.sluice.gateway.channel.ChannelLimits;
import dev.sluice.gateway.stage.StagePlan;
import dev.sluice.gateway.upstream.UpstreamLimits;
import dev.sluice.gateway.upstream.UpstreamRoute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Arrays;
import java.util.Map;

/**
 * The gateway's whole configuration, validated and immutable, built once at start.
 *
 * @param host address to bind
 * @param port port to bind; 0 picks a free one
 * @param transport which I/O transport to use
 * @param ioThreads event loop threads; 0 means one per core
 * @param plan the stages every chat stream runs through
 * @param retryMs the {@code retry:} hint sent first on every stream
 * @param limits request size limits
 * @param streamLimits stream limits, heartbeats, outbound water marks and the drain deadline
 * @param routes sidecar routes relayed to upstream app servers, in the order given
 * @param upstream timeouts and size limits for sidecar routes
 * @param timeouts how long a connection may take over a request or sit idle
 * @param observability the access log switch and the optional admin port
 * @param edge CORS, TLS and HTTP/2 settings for browsers
 * @param resumeWindowMs how long a job runs on without subscribers, and a finished one stays resumable
 * @param channels the channel API's tokens and limits
 * @param scaleOut sharing the port with other processes and the bus between them
 */
public record GatewayConfig(
        String host,
        int port,
        TransportKind transport,
        int ioThreads,
        StagePlan plan,
        long retryMs,
        HttpLimits limits,
        StreamLimits streamLimits,
        List<UpstreamRoute> routes,
        UpstreamLimits upstream,
        ConnectionTimeouts timeouts,
        Observability observability,
        EdgeConfig edge,
        long resumeWindowMs,
        ChannelLimits channels,
        ScaleOut scaleOut) {

    /** The configuration with every option at its default. */
    public static GatewayConfig defaults() {
        return from(Settings.defaults());
    }

    /** Defaults with the given options overridden, as a test or an embedding program would set them. */
    public static GatewayConfig of(Map<ConfigOption, String> overrides) {
        return from(Settings.of(overrides));
    }

    /** Parses and validates every option; the first bad one throws a {@link ConfigException} naming it. */
    public static GatewayConfig from(Settings settings) {
        String host = settings.string(ConfigOption.HOST);
        if (host.isBlank()) {
            throw settings.invalid(ConfigOption.HOST, "must not be empty");
        }
        int port = settings.intValue(ConfigOption.PORT, 0, 65_535);
        TransportKind transport = parseTransport(settings);
        int ioThreads = settings.intValue(ConfigOption.IO_THREADS, 0, 1024);
        long stageDelayMs = settings.longValue(ConfigOption.STAGE_DELAY_MS, 0, 3_600_000);
        StagePlan plan;
        try {
            String stages = settings.string(ConfigOption.STAGES);
            plan = stages.isBlank() ? StagePlan.defaultPlan(stageDelayMs) : StagePlan.parse(stages, stageDelayMs);
        } catch (IllegalArgumentException e) {
            throw settings.invalid(ConfigOption.STAGES, e.getMessage());
        }
        long retryMs = settings.longValue(ConfigOption.RETRY_MS, 0, 3_600_000);
        HttpLimits limits = new HttpLimits(
                settings.intValue(ConfigOption.MAX_REQUEST_LINE_BYTES, 256, 1 << 20),
                settings.intValue(ConfigOption.MAX_HEADER_BYTES, 1024, 1 << 20),
                settings.intValue(ConfigOption.MAX_BODY_BYTES, 64, 64 << 20),
                settings.intValue(ConfigOption.MAX_MESSAGE_CHARS, 1, 1 << 20));
        return new GatewayConfig(host, port, transport, ioThreads, plan, retryMs, limits, parseStreamLimits(settings),
                parseRoutes(settings), parseUpstreamLimits(settings), parseTimeouts(settings),
                parseObservability(settings), parseEdge(settings),
                settings.longValue(ConfigOption.RESUME_WINDOW_MS, 0, 86_400_000), parseChannels(settings),
                parseScaleOut(settings));
    }

    private static EdgeConfig parseEdge(Settings settings) {
        CorsPolicy cors;
        try {
            cors = CorsPolicy.parse(settings.string(ConfigOption.CORS_ORIGINS));
        } catch (IllegalArgumentException e) {
            throw settings.invalid(ConfigOption.CORS_ORIGINS, e.getMessage());
        }
        Path cert = readableFile(settings, ConfigOption.TLS_CERT);
        Path key = readableFile(settings, ConfigOption.TLS_KEY);
        if ((cert == null) != (key == null)) {
            throw settings.invalid(cert == null ? ConfigOption.TLS_KEY : ConfigOption.TLS_CERT,
                    "needs " + (cert == null ? ConfigOption.TLS_CERT : ConfigOption.TLS_KEY).flag() + " as well");
        }
        return new EdgeConfig(cors, cert, key, settings.intValue(ConfigOption.H2_MAX_CONCURRENT_STREAMS, 1, 10_000));
    }

    private static Path readableFile(Settings settings, ConfigOption option) {
        String raw = settings.string(option);
        if (raw.isBlank()) {
            return null;
        }
        Path path = Path.of(raw.trim());
        if (!Files.isReadable(path)) {
            throw settings.invalid(option, "cannot read " + path);
        }
        return path;
    }

    private static ChannelLimits parseChannels(Settings settings) {
        List<String> tokens = Arrays.stream(settings.string(ConfigOption.PUBLISH_TOKENS).split(","))
                .map(String::trim)
                .filter(token -> !token.isEmpty())
                .toList();
        return new ChannelLimits(tokens,
                settings.intValue(ConfigOption.MAX_CHANNELS, 1, 10_000_000),
                settings.intValue(ConfigOption.MAX_CHANNEL_SUBSCRIBERS, 1, 10_000_000),
                settings.intValue(ConfigOption.CHANNEL_MAX_EVENT_BYTES, 256, 16 << 20),
                settings.intValue(ConfigOption.CHANNEL_REPLAY_EVENTS, 0, 1_000_000),
                settings.longValue(ConfigOption.CHANNEL_REPLAY_BYTES, 0, 1L << 34),
                settings.longValue(ConfigOption.RESUME_WINDOW_MS, 0, 86_400_000));
    }

    private static ScaleOut parseScaleOut(Settings settings) {
        String bus = settings.string(ConfigOption.BUS).strip();
        try {
            return new ScaleOut(settings.booleanValue(ConfigOption.REUSE_PORT),
                    bus.isEmpty() ? null : BusAddress.parse(bus));
        } catch (IllegalArgumentException e) {
            throw settings.invalid(ConfigOption.BUS, e.getMessage());
        }
    }

    private static ConnectionTimeouts parseTimeouts(Settings settings) {
        return new ConnectionTimeouts(
                settings.longValue(ConfigOption.REQUEST_TIMEOUT_MS, 1, 3_600_000),
                settings.longValue(ConfigOption.IDLE_TIMEOUT_MS, 1, 86_400_000));
    }

    private static Observability parseObservability(Settings settings) {
        boolean accessLog = settings.booleanValue(ConfigOption.ACCESS_LOG);
        int adminPort = settings.string(ConfigOption.ADMIN_PORT).isBlank()
                ? Observability.NO_ADMIN_PORT
                : settings.intValue(ConfigOption.ADMIN_PORT, 0, 65_535);
        return new Observability(accessLog, adminPort);
    }

    private static List<UpstreamRoute> parseRoutes(Settings settings) {
        try {
            return UpstreamRoute.parseAll(settings.string(ConfigOption.ROUTES));
        } catch (IllegalArgumentException e) {
            throw settings.invalid(ConfigOption.ROUTES, e.getMessage());
        }
    }

    private static UpstreamLimits parseUpstreamLimits(Settings settings) {
        return new UpstreamLimits(
                settings.longValue(ConfigOption.UPSTREAM_CONNECT_TIMEOUT_MS, 1, 600_000),
                settings.longValue(ConfigOption.UPSTREAM_FIRST_BYTE_TIMEOUT_MS, 1, 3_600_000),
                settings.longValue(ConfigOption.UPSTREAM_IDLE_TIMEOUT_MS, 1, 3_600_000),
                settings.intValue(ConfigOption.UPSTREAM_MAX_EVENT_BYTES, 1024, 64 << 20),
                settings.intValue(ConfigOption.UPSTREAM_MAX_CONNECTIONS, 0, 1_000_000),
                settings.intValue(ConfigOption.UPSTREAM_MAX_IDLE_CONNECTIONS, 0, 1_000_000));
    }

    private static StreamLimits parseStreamLimits(Settings settings) {
        int low = settings.intValue(ConfigOption.WRITE_BUFFER_LOW_BYTES, 1024, 64 << 20);
        int high = settings.intValue(ConfigOption.WRITE_BUFFER_HIGH_BYTES, 1024, 64 << 20);
        if (high < low) {
            throw settings.invalid(ConfigOption.WRITE_BUFFER_HIGH_BYTES,
                    "must not be below --write-buffer-low-bytes (" + low + "), got " + high);
        }
        return new StreamLimits(
                settings.intValue(ConfigOption.MAX_STREAMS, 1, 1_000_000),
                settings.longValue(ConfigOption.MAX_STREAM_DURATION_MS, 0, 7 * 86_400_000L),
                settings.longValue(ConfigOption.HEARTBEAT_INTERVAL_MS, 0, 3_600_000),
                settings.longValue(ConfigOption.SLOW_CLIENT_TIMEOUT_MS, 0, 3_600_000),
                low,
                high,
                settings.longValue(ConfigOption.DRAIN_TIMEOUT_MS, 0, 3_600_000));
    }

    private static TransportKind parseTransport(Settings settings) {
        String raw = settings.string(ConfigOption.TRANSPORT);
        try {
            return TransportKind.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw settings.invalid(ConfigOption.TRANSPORT, "expected auto, epoll, io_uring or nio, got '" + raw + "'");
        }
    }
}
