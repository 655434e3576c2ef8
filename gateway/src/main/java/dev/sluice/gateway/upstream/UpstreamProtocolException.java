package dev.sluice.gateway.upstream;

/**
 * The upstream sent something the gateway cannot relay (an oversized event, an invalid JSON line, an
 * unusable event name). Ends the stream with {@code event: error} code {@code upstream_protocol}.
 */
public final class UpstreamProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UpstreamProtocolException(String message) {
        super(message, null, false, false);
    }
}
