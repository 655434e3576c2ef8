package dev.sluice.gateway.stream;

/**
 * One stream's entry in its event loop's {@link StreamTimers} sweep: when it started, when it last
 * wrote, and since when its connection has been unwritable.
 *
 * <p>The stream reports activity here and the sweep compares the timestamps with the deadlines;
 * reporting is a field store, so it costs nothing per event. Used on the stream's event loop only.
 */
public final class StreamWatch {
    private static final long WRITABLE = Long.MIN_VALUE;

    private final StreamTimers.LoopSweep sweep;
    private final TimedStream stream;
    private final long startNanos;
    private long lastWriteNanos;
    private long unwritableSinceNanos;
    /** Position in the sweep's array, or -1 once cancelled. */
    int index;

    StreamWatch(StreamTimers.LoopSweep sweep, TimedStream stream, boolean writable, long nowNanos) {
        this.sweep = sweep;
        this.stream = stream;
        this.startNanos = nowNanos;
        this.lastWriteNanos = nowNanos;
        this.unwritableSinceNanos = writable ? WRITABLE : nowNanos;
    }

    /** Records that the stream wrote something, which postpones its next heartbeat. */
    public void wrote() {
        lastWriteNanos = sweep.nanoTime();
    }

    /**
     * Records a writability change of the stream's channel. The slow-client clock runs from the moment
     * the connection became unwritable and restarts each time it becomes writable again, so a client
     * that reads slowly but steadily is never taken for one that stopped reading.
     */
    public void writabilityChanged(boolean writable) {
        if (writable) {
            unwritableSinceNanos = WRITABLE;
        } else if (unwritableSinceNanos == WRITABLE) {
            unwritableSinceNanos = sweep.nanoTime();
        }
    }

    /** Stops watching; the stream ended. Safe to call more than once. */
    public void cancel() {
        if (index >= 0) {
            sweep.remove(this);
        }
    }

    public boolean isCancelled() {
        return index < 0;
    }

    /** Fires whichever deadline has passed, at most one per sweep, the stream-ending ones first. */
    void check(long now, StreamTimers timers) {
        if (timers.maxDurationNanos() > 0 && now - startNanos >= timers.maxDurationNanos()) {
            cancel();
            stream.maxDurationReached();
        } else if (unwritableSinceNanos != WRITABLE) {
            if (timers.slowClientNanos() > 0 && now - unwritableSinceNanos >= timers.slowClientNanos()) {
                cancel();
                stream.slowClientTimedOut();
            }
            // No heartbeat while the client is not reading: it would only queue behind unsent bytes.
        } else if (timers.heartbeatNanos() > 0 && now - lastWriteNanos >= timers.heartbeatNanos()) {
            lastWriteNanos = now;
            stream.heartbeatDue();
        }
    }

    void shutdown(long retryHintMs) {
        cancel();
        stream.shutdown(retryHintMs);
    }
}
