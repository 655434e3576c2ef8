package dev.sluice.gateway.config;

import java.util.Locale;

/**
 * Every setting the gateway understands, with its default and help text.
 *
 * <p>One table drives the config file keys, the {@code SLUICE_*} environment variables and the
 * command-line flags, so the three can never disagree about names or defaults. The key is the flag
 * name without its leading dashes ({@code stage-delay-ms}); the environment variable is the key in
 * upper case with dashes turned into underscores ({@code SLUICE_STAGE_DELAY_MS}).
 * The one exception is {@code routes}, whose flag is the repeatable {@code --route}.
 */
public enum ConfigOption {
    HOST("host", "0.0.0.0", "Address to listen on."),
    PORT("port", "8080", "TCP port to listen on; 0 picks a free port."),
    TRANSPORT("transport", "auto",
            "I/O transport: auto (native epoll on Linux where it loads, NIO elsewhere), epoll, io_uring or nio."),
    IO_THREADS("io-threads", "0", "Event loop threads; 0 means one per core."),
    REUSE_PORT("reuse-port", "false",
            "true: listen with SO_REUSEPORT (native epoll only), so several gateway processes share --port and"
                    + " a new process can start beside an old one for a restart with nothing dropped."),
    BUS("bus", "",
            "Share channels between gateway processes through Redis: redis://[user:password@]host:port[/db] or"
                    + " rediss:// (TLS). Empty: everything stays in this process."),

    STAGE_DELAY_MS("stage-delay-ms", "150",
            "Time each stage takes before the next event, in ms, for every stage without its own delay."),
    STAGES("stages", "",
            "The stage plan: comma-separated id:progress[:delayMs[:label]]. Empty means the default six stages."),
    RETRY_MS("retry-ms", "2000", "Reconnection hint sent to clients as the stream's first field (retry:), in ms."),
    MAX_REQUEST_LINE_BYTES("max-request-line-bytes", "4096",
            "Longest request line accepted; longer gets 414 and the connection is closed."),
    MAX_HEADER_BYTES("max-header-bytes", "8192",
            "Largest header block accepted; larger gets 431 and the connection is closed."),
    MAX_BODY_BYTES("max-body-bytes", "65536", "Largest request body accepted; larger gets 413."),
    MAX_MESSAGE_CHARS("max-message-chars", "4000", "Longest chat message accepted; longer gets 400."),
    REQUEST_TIMEOUT_MS("request-timeout-ms", "10000",
            "Time a client has to send a whole request (headers and body) from its first byte, in ms;"
                    + " then 408 and the connection is closed."),
    IDLE_TIMEOUT_MS("idle-timeout-ms", "60000",
            "A keep-alive connection with no request and no stream in progress for this long, in ms, is closed."),
    ACCESS_LOG("access-log", "true",
            "One line per stream on the sluice.access logger: true or false."),
    ADMIN_PORT("admin-port", "",
            "Serve /metrics, /healthz and /readyz on this separate port (0 picks a free one) and not on --port."
                    + " Empty: /metrics is served on --port."),
    CORS_ORIGINS("cors-origins", "",
            "Browser origins allowed to use the gateway from their pages, comma-separated"
                    + " (https://app.example.com,http://localhost:3000), or * for any. Other origins get 403;"
                    + " the gateway's own origin (the demo page) is always allowed."),
    TLS_CERT("tls-cert", "",
            "PEM certificate chain: serve TLS (HTTP/2 and HTTP/1.1 by ALPN) on --port. Needs --tls-key."
                    + " A replaced file is picked up for new connections without a restart."),
    TLS_KEY("tls-key", "", "PEM private key (PKCS#8, unencrypted) of --tls-cert."),
    H2_MAX_CONCURRENT_STREAMS("h2-max-concurrent-streams", "100",
            "HTTP/2: most streams one connection may have open at once (SETTINGS_MAX_CONCURRENT_STREAMS)."),
    MAX_STREAMS("max-streams", "19000",
            "Most streams open at once; more get 503 with Retry-After and /readyz answers 503."
                    + " The default leaves headroom under a 20,000 open-files limit."),
    MAX_STREAM_DURATION_MS("max-stream-duration-ms", "600000",
            "Longest a stream may run, in ms; then it ends with an error event (code max_duration). 0: no limit."),
    HEARTBEAT_INTERVAL_MS("heartbeat-interval-ms", "15000",
            "A stream that has sent nothing for this long, in ms, sends a ': ping' comment. 0: no heartbeats."),
    WRITE_BUFFER_LOW_BYTES("write-buffer-low-bytes", "32768",
            "Per-connection outbound bytes under which a paused stream resumes."),
    WRITE_BUFFER_HIGH_BYTES("write-buffer-high-bytes", "65536",
            "Per-connection outbound bytes over which a stream pauses until the client catches up."),
    SLOW_CLIENT_TIMEOUT_MS("slow-client-timeout-ms", "30000",
            "A client whose connection stays over the high water mark this long, in ms, is disconnected."
                    + " 0: never."),
    DRAIN_TIMEOUT_MS("drain-timeout-ms", "10000",
            "On SIGTERM, how long open streams may run on, in ms, before the rest end with an error event"
                    + " (code shutdown)."),
    ROUTES("routes", "route", true, "",
            "Sidecar route [METHOD ]PATH=URL: relay requests to PATH to an http:// upstream as SSE"
                    + " (no METHOD: GET and POST). Repeat --route for more; in a config file or SLUICE_ROUTES,"
                    + " separate routes with commas."),
    UPSTREAM_CONNECT_TIMEOUT_MS("upstream-connect-timeout-ms", "5000",
            "Sidecar: time to connect to an upstream, in ms; then the stream ends with upstream_timeout."),
    UPSTREAM_FIRST_BYTE_TIMEOUT_MS("upstream-first-byte-timeout-ms", "60000",
            "Sidecar: time from forwarding a request to the upstream's response head, in ms."),
    UPSTREAM_IDLE_TIMEOUT_MS("upstream-idle-timeout-ms", "60000",
            "Sidecar: longest upstream silence in the middle of an answer, in ms (not counting time paused"
                    + " for a slow client)."),
    UPSTREAM_MAX_EVENT_BYTES("upstream-max-event-bytes", "1048576",
            "Sidecar: largest upstream event, NDJSON line or JSON document relayed; larger ends the stream"
                    + " with upstream_protocol."),
    UPSTREAM_MAX_CONNECTIONS("upstream-max-connections", "0",
            "Sidecar: most connections to each upstream address, per gateway process (split across the"
                    + " event loops: ceil(N / io-threads) each); a request finding none free waits up to"
                    + " --upstream-connect-timeout-ms, then ends with upstream_timeout. A relayed stream holds"
                    + " its connection to the end, a held one only until the hold answer is read. 0: no cap."),
    UPSTREAM_MAX_IDLE_CONNECTIONS("upstream-max-idle-connections", "0",
            "Sidecar: most idle pooled connections kept to each upstream address, per gateway process (split"
                    + " like --upstream-max-connections); a connection released beyond it is closed at once."
                    + " 0: no bound (idle connections close after 30 s)."),
    RESUME_WINDOW_MS("resume-window-ms", "30000",
            "How long a stream's job runs on after its last client left, and how long a finished one can"
                    + " still be resumed with Last-Event-ID, in ms; also how long an idle channel keeps its log."),
    PUBLISH_TOKENS("publish-tokens", "publish-token", true, "",
            "Bearer token allowed to publish to channels (POST /api/channels/{channel}/events). Repeat"
                    + " --publish-token for more; in a config file or SLUICE_PUBLISH_TOKENS, separate them with"
                    + " commas. None: publishing is refused (403)."),
    CHANNEL_REPLAY_EVENTS("channel-replay-events", "100",
            "Most events each channel keeps for Last-Event-ID replay."),
    CHANNEL_REPLAY_BYTES("channel-replay-bytes", "1048576",
            "Most bytes each channel keeps for replay; also how far a subscriber may lag on a connection"
                    + " that is not reading before it is dropped as a slow client."),
    MAX_CHANNELS("max-channels", "10000", "Most channels open at once; a new one beyond gets 503."),
    MAX_CHANNEL_SUBSCRIBERS("max-channel-subscribers", "19000",
            "Most subscribers of one channel; one more gets 503."),
    CHANNEL_MAX_EVENT_BYTES("channel-max-event-bytes", "65536",
            "Largest event a publisher may send, in bytes as written on the wire; larger gets 413.");

    private final String key;
    private final String flagName;
    private final boolean repeatable;
    private final String defaultValue;
    private final String description;

    ConfigOption(String key, String defaultValue, String description) {
        this(key, key, false, defaultValue, description);
    }

    /**
     * An option whose flag is named differently from its key; a repeatable flag may be given several
     * times, and its values are joined with commas as they would be written in a config file.
     */
    ConfigOption(String key, String flagName, boolean repeatable, String defaultValue, String description) {
        this.key = key;
        this.flagName = flagName;
        this.repeatable = repeatable;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The name used in config files; the flag is {@code --key}. */
    public String key() {
        return key;
    }

    public String flag() {
        return "--" + flagName;
    }

    /** Whether the flag may be given more than once (values joined with commas). */
    public boolean repeatable() {
        return repeatable;
    }

    public String envName() {
        return "SLUICE_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Finds the option a config-file key names, or {@code null}. */
    public static ConfigOption byKey(String key) {
        for (ConfigOption option : values()) {
            if (option.key.equals(key)) {
                return option;
            }
        }
        return null;
    }
}
