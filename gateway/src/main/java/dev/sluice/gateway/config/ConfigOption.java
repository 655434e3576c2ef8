package dev.sluice.gateway.config;

import java.util.Locale;

/**
 * Every setting the gateway understands, with its default and help text.
 *
 * <p>One table drives the config file keys, the {@code SLUICE_*} environment variables and the
 * command-line flags, so the three can never disagree about names or defaults. The key is the flag
 * name without its leading dashes ({@code stage-delay-ms}); the environment variable is the key in
 * upper case with dashes turned into underscores ({@code SLUICE_STAGE_DELAY_MS}).
 */
public enum ConfigOption {
    HOST("host", "0.0.0.0", "Address to listen on."),
    PORT("port", "8080", "TCP port to listen on; 0 picks a free port."),
    TRANSPORT("transport", "auto",
            "I/O transport: auto (native epoll on Linux where it loads, NIO elsewhere), epoll or nio."),
    IO_THREADS("io-threads", "0", "Event loop threads; 0 means one per core."),
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
    MAX_MESSAGE_CHARS("max-message-chars", "4000", "Longest chat message accepted; longer gets 400.");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigOption(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The name used in config files; the flag is {@code --key}. */
    public String key() {
        return key;
    }

    public String flag() {
        return "--" + key;
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
