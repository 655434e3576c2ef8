package dev.sluice.gateway.redis;

/** An error reply ({@code -ERR ...}, {@code -NOAUTH ...}): the command failed, the connection is fine. */
record RedisErrorReply(String message) {
}
