package dev.sluice.gateway.config;

/**
 * How the gateway reports on itself.
 *
 * @param accessLog whether each stream writes a line to the {@code sluice.access} logger
 * @param adminPort the port serving {@code /metrics}, {@code /healthz} and {@code /readyz} apart from
 *     client traffic (0 picks a free one), or {@link #NO_ADMIN_PORT} to serve {@code /metrics} on the
 *     main port
 */
public record Observability(boolean accessLog, int adminPort) {
    /** No admin port: {@code /metrics} is served with everything else. */
    public static final int NO_ADMIN_PORT = -1;

    public boolean hasAdminPort() {
        return adminPort != NO_ADMIN_PORT;
    }
}
