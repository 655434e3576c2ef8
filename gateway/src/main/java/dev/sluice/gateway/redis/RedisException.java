package dev.sluice.gateway.redis;

/**
 * A command did not get a normal reply: Redis answered with an error, or the connection was not up,
 * was lost, or did not answer in time. The message is for logs, never for a client.
 */
public final class RedisException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RedisException(String message) {
        super(message, null, false, false);
    }
}
