package dev.sluice.gateway.stream;

import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.Ticker;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts streams across every event loop: how many are open, how many started, how each ended; and
 * admits new ones only below the stream limit and while not draining.
 *
 * <p>Counters are {@link LongAdder}s so that event loops updating them at once do not contend on one
 * cache line; reads (for {@code /readyz}, metrics and tests) sum the cells and are rare. The open
 * count is the exception: admission against the limit must be exact whichever loop asks, so it is one
 * {@link AtomicInteger} updated by compare-and-set, once when a stream opens and once when it ends.
 *
 * <p>A refused stream counts as started and at once as ended with outcome {@code rejected}, so that
 * started always equals open plus every ended outcome.
 */
public final class StreamRegistry {
    private static final String ID_PREFIX = "s-";
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();
    private static final FastThreadLocal<StringBuilder> ID = new FastThreadLocal<>() {
        @Override
        protected StringBuilder initialValue() {
            return new StringBuilder(ID_PREFIX.length() + 16).append(ID_PREFIX);
        }
    };

    private final int capacity;
    private final StreamTimers timers;
    private final StreamListener listener;
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean admitting = true;
    private final LongAdder started = new LongAdder();
    private final LongAdder events = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final Map<StreamOutcome, LongAdder> ended = new EnumMap<>(StreamOutcome.class);

    /** A registry without a stream limit whose streams get no heartbeats or deadlines. */
    public StreamRegistry() {
        this(Integer.MAX_VALUE, new StreamTimers(0, 0, 0));
    }

    /**
     * @param capacity most streams open at once (SPEC section 5, "max concurrent streams")
     * @param timers heartbeats and deadlines for every stream opened here
     */
    public StreamRegistry(int capacity, StreamTimers timers) {
        this(capacity, timers, StreamListener.NONE);
    }

    /**
     * @param capacity most streams open at once (SPEC section 5, "max concurrent streams")
     * @param timers heartbeats and deadlines for every stream opened here
     * @param listener told when each stream sends its first event and when it ends
     */
    public StreamRegistry(int capacity, StreamTimers timers, StreamListener listener) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.timers = timers;
        this.listener = listener;
        for (StreamOutcome outcome : StreamOutcome.values()) {
            ended.put(outcome, new LongAdder());
        }
    }

    /**
     * Registers a new stream; the caller must {@link StreamHandle#end end} it exactly once.
     *
     * @throws StreamRefusedException when {@code capacity} streams are open or the gateway is draining
     */
    public StreamHandle open(String path) {
        return open("-", path, Ticker.systemTicker());
    }

    /**
     * Registers a new stream started by a {@code method} request for {@code path}; its time to first
     * event and duration are measured on {@code clock} (the channel's event loop ticker).
     *
     * @throws StreamRefusedException when {@code capacity} streams are open or the gateway is draining
     */
    public StreamHandle open(String method, String path, Ticker clock) {
        return open(method, path, clock, newStreamId());
    }

    /**
     * Registers a new stream under a given id: a subscriber of an existing log (a resumed stage stream)
     * is logged under its log's id, so one grep follows the stream across reconnections.
     *
     * @throws StreamRefusedException when {@code capacity} streams are open or the gateway is draining
     */
    public StreamHandle open(String method, String path, Ticker clock, String id) {
        started.increment();
        if (!admitting) {
            throw refuse("draining", "the gateway is shutting down", method, path);
        }
        int current;
        do {
            current = open.get();
            if (current >= capacity) {
                throw refuse("at_capacity", "the gateway is serving its limit of " + capacity + " streams",
                        method, path);
            }
        } while (!open.compareAndSet(current, current + 1));
        return new StreamHandle(this, id, method, path, clock);
    }

    private StreamRefusedException refuse(String code, String message, String method, String path) {
        ended.get(StreamOutcome.REJECTED).increment();
        listener.streamRefused(method, path);
        return new StreamRefusedException(code, message);
    }

    /** From now on every {@link #open} is refused: the gateway is draining for shutdown. */
    public void stopAdmitting() {
        admitting = false;
    }

    /** Whether {@link #open} would refuse for lack of room right now. */
    public boolean isAtCapacity() {
        return open.get() >= capacity;
    }

    public int capacity() {
        return capacity;
    }

    /** The heartbeats and deadlines of this registry's streams. */
    public StreamTimers timers() {
        return timers;
    }

    void ended(StreamOutcome outcome) {
        open.decrementAndGet();
        ended.get(outcome).increment();
    }

    void eventsSent(int count, int size) {
        events.add(count);
        bytes.add(size);
    }

    StreamListener listener() {
        return listener;
    }

    public long openStreams() {
        return open.get();
    }

    public long startedStreams() {
        return started.sum();
    }

    /** Events handed to clients by every stream since start. */
    public long eventsSent() {
        return events.sum();
    }

    /** Bytes of events handed to clients by every stream since start. */
    public long bytesSent() {
        return bytes.sum();
    }

    public long endedStreams(StreamOutcome outcome) {
        return ended.get(outcome).sum();
    }

    /**
     * A new stream id: {@code s-} and 16 hex digits (SPEC section 3), the top bit set so that there
     * are always 16. Built in a per-thread builder: the id string is the only allocation.
     */
    public static String newStreamId() {
        long bits = ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE;
        StringBuilder id = ID.get();
        id.setLength(ID_PREFIX.length());
        for (int shift = 60; shift >= 0; shift -= 4) {
            id.append(HEX_DIGITS[(int) (bits >>> shift) & 0xF]);
        }
        return id.toString();
    }
}
