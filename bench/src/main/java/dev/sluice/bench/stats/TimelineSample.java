package dev.sluice.bench.stats;

/**
 * Client-side counters at one tick of the shared sampling grid.
 *
 * @param tick      index on the grid (tick * interval after the run's start)
 * @param openStreams streams connected and not yet ended
 * @param events    events received so far
 * @param bytes     body bytes received so far
 * @param completed streams completed so far
 * @param failed    streams failed so far
 */
public record TimelineSample(int tick, long openStreams, long events, long bytes, long completed, long failed) {

    /** Adds another process's sample of the same tick. */
    public TimelineSample plus(TimelineSample other) {
        return new TimelineSample(tick, openStreams + other.openStreams, events + other.events, bytes + other.bytes,
                completed + other.completed, failed + other.failed);
    }
}
