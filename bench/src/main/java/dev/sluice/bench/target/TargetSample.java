package dev.sluice.bench.target;

/**
 * The target's state at one tick of the run's sampling grid.
 *
 * @param tick        index on the grid
 * @param openSockets ESTABLISHED connections on the target's port (-1 if unreadable)
 * @param openStreams the target's own {@code sluice_streams_open} gauge (NaN when it has none)
 * @param cpuSeconds  the target's user+system CPU seconds so far (-1 if not measurable)
 * @param rssBytes    the target's resident memory (-1 if not measurable)
 * @param cpuUserSeconds the user part of {@code cpuSeconds} (-1 if not measurable)
 */
public record TargetSample(int tick, long openSockets, double openStreams, double cpuSeconds, long rssBytes,
                           double cpuUserSeconds) {
}
