package dev.sluice.gateway.stream;

/**
 * The registry would not open a stream: the gateway is at its stream limit or draining for shutdown.
 * Thrown on the request path only (never per event), without a stack trace since it is an answer, not
 * a bug; the route answers {@code 503} with {@code Retry-After}.
 */
public final class StreamRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    StreamRefusedException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** {@code at_capacity} or {@code draining}: the {@code error} code of the JSON answer. */
    public String code() {
        return code;
    }
}
