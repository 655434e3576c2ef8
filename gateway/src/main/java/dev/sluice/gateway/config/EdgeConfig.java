package dev.sluice.gateway.config;

import dev.sluice.gateway.edge.CorsPolicy;
import java.nio.file.Path;

/**
 * What the gateway offers browsers directly (SPEC section 11).
 *
 * @param cors which cross-origin pages may use the gateway
 * @param tlsCert PEM certificate chain for TLS on the main port, or {@code null} for plain HTTP
 * @param tlsKey PEM private key of {@code tlsCert}, or {@code null}
 * @param h2MaxConcurrentStreams most HTTP/2 streams one connection may have open at once
 */
public record EdgeConfig(CorsPolicy cors, Path tlsCert, Path tlsKey, int h2MaxConcurrentStreams) {
    public boolean tls() {
        return tlsCert != null;
    }
}
