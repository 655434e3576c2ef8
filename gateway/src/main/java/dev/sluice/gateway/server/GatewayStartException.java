package dev.sluice.gateway.server;

/**
 * The gateway could not start (its port is taken, an address cannot be bound). The message is one
 * line meant for the operator, such as {@code cannot listen on 127.0.0.1:8080: Address already in use};
 * everything the attempt had started is already shut down when this is thrown.
 */
public final class GatewayStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GatewayStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
