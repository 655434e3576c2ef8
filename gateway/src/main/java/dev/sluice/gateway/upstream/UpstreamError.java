package dev.sluice.gateway.upstream;

import java.util.Locale;

/** Why a relayed stream failed: the {@code code} of its {@code event: error} and the metrics label. */
public enum UpstreamError {
    /** The upstream answered with a status outside 2xx. */
    UPSTREAM_STATUS,
    /** The connection was refused or could not be made. */
    UPSTREAM_UNAVAILABLE,
    /** No connection, no response head or no body bytes within the configured time. */
    UPSTREAM_TIMEOUT,
    /** The connection closed or was reset before the response ended. */
    UPSTREAM_RESET,
    /** The answer cannot be relayed: unsupported content type, invalid JSON, an event over the size limit. */
    UPSTREAM_PROTOCOL;

    private final String code = name().toLowerCase(Locale.ROOT);

    public String code() {
        return code;
    }
}
