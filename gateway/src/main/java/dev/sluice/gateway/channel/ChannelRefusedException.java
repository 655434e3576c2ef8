package dev.sluice.gateway.channel;

/**
 * A channel limit refused a publish or a subscription; answered {@code 503} (SPEC section 9). Carries
 * no stack trace: it is an answer, not a bug.
 */
public final class ChannelRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    ChannelRefusedException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
