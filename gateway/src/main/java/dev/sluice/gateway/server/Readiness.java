package dev.sluice.gateway.server;

/**
 * Whether the gateway wants new streams: it does not while draining for shutdown. Read by
 * {@code /readyz} on any event loop, written once by the shutdown path, hence volatile.
 */
public final class Readiness {
    private volatile boolean draining;

    public void markDraining() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }
}
