package dev.sluice.gateway.bus;

/**
 * The bus could not take a publish (Redis down, say); the publish route answers {@code 503}
 * {@code bus_unavailable}. The message is for logs, never sent to a client.
 */
public final class BusUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BusUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
