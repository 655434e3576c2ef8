package dev.sluice.gateway.config;

import dev.sluice.gateway.edge.CorsPolicy;

/**
 * What the gateway offers browsers directly (SPEC section 11).
 *
 * @param cors which cross-origin pages may use the gateway
 */
public record EdgeConfig(CorsPolicy cors) {
}
