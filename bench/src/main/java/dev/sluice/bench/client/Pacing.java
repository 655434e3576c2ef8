package dev.sluice.bench.client;

import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop pacing: every arrival (or restart) is started at its intended time, however late the ones before
 * it ran.
 */
public final class Pacing {

    private Pacing() {
    }

    /** Parks the calling thread until {@link System#nanoTime()} reaches {@code dueNanos}; returns at once if it has. */
    public static void parkUntil(long dueNanos) {
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
