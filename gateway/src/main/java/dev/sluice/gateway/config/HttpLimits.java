package dev.sluice.gateway.config;

/**
 * Bounds on what one request may make the gateway read and hold. Each limit exists so that a
 * hostile or broken client costs a bounded amount of memory before it gets its error.
 *
 * @param maxRequestLineBytes longest request line (method, target, version); beyond it 414
 * @param maxHeaderBytes largest header block; beyond it 431
 * @param maxBodyBytes largest body; beyond it 413
 * @param maxMessageChars longest chat message; beyond it 400
 */
public record HttpLimits(int maxRequestLineBytes, int maxHeaderBytes, int maxBodyBytes, int maxMessageChars) {
}
