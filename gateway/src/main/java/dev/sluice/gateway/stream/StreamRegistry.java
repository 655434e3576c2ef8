package dev.sluice.gateway.stream;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts streams across every event loop: how many are open, how many started, how each ended.
 *
 * <p>Counters are {@link LongAdder}s so that event loops updating them at once do not contend on one
 * cache line; reads (for {@code /readyz}, metrics and tests) sum the cells and are rare.
 */
public final class StreamRegistry {
    private final LongAdder open = new LongAdder();
    private final LongAdder started = new LongAdder();
    private final Map<StreamOutcome, LongAdder> ended = new EnumMap<>(StreamOutcome.class);

    public StreamRegistry() {
        for (StreamOutcome outcome : StreamOutcome.values()) {
            ended.put(outcome, new LongAdder());
        }
    }

    /** Registers a new stream; the caller must {@link StreamHandle#end end} it exactly once. */
    public StreamHandle open(String path) {
        open.increment();
        started.increment();
        return new StreamHandle(this, newStreamId(), path);
    }

    void ended(StreamOutcome outcome) {
        open.decrement();
        ended.get(outcome).increment();
    }

    public long openStreams() {
        return open.sum();
    }

    public long startedStreams() {
        return started.sum();
    }

    public long endedStreams(StreamOutcome outcome) {
        return ended.get(outcome).sum();
    }

    private static String newStreamId() {
        return "s-" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }
}
