package dev.sluice.gateway.stream;

import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Ticker;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines of every open stream (heartbeat, slow client, maximum duration) and the list of
 * streams to end at shutdown, kept with one sweep task per event loop instead of timers per stream.
 *
 * <p><b>Why a sweep is cheap.</b> A heartbeat is due when a stream has been quiet for the interval,
 * so a timer per stream would have to be cancelled and scheduled again on every event: a task
 * allocation and two O(log n) operations on the event loop's timer queue per event, at tens of
 * thousands of events per second. Here a stream registers once ({@link #watch}: an array slot) and
 * reports activity with a field store ({@link StreamWatch#wrote()}); each event loop runs one task
 * every tick that walks the streams of that loop only and fires what is due. At 19,000 streams on
 * two loops that is about 9,500 timestamp comparisons per loop per tick, a few microseconds, and no
 * allocation; a loop with no streams has no task at all.
 *
 * <p><b>Precision.</b> A deadline fires on the first sweep after it passes: never early, at most one
 * tick late. The tick is an eighth of the shortest configured interval, between
 * {@value #MIN_TICK_MS} ms and {@value #MAX_TICK_MS} ms, so a 15 s heartbeat goes out between 15 s
 * and 16 s of silence.
 *
 * <p><b>Threads.</b> A loop's sweep is created, used and dropped on that loop only, and it calls
 * each stream's {@link TimedStream} callbacks there, so streams need no locking and every write stays
 * on the stream's own loop. The only shared structure is the map from loop to sweep.
 */
public final class StreamTimers {
    static final long MIN_TICK_MS = 5;
    static final long MAX_TICK_MS = 1000;

    private final long heartbeatNanos;
    private final long slowClientNanos;
    private final long maxDurationNanos;
    private final long tickNanos;
    private final ConcurrentMap<EventExecutor, LoopSweep> sweeps = new ConcurrentHashMap<>();

    /**
     * @param heartbeatIntervalMs quiet time after which a stream gets a heartbeat; 0 sends none
     * @param slowClientTimeoutMs unwritable time after which a client is dropped; 0 never drops
     * @param maxDurationMs time after which a stream is ended; 0 lets streams run without limit
     */
    public StreamTimers(long heartbeatIntervalMs, long slowClientTimeoutMs, long maxDurationMs) {
        if (heartbeatIntervalMs < 0 || slowClientTimeoutMs < 0 || maxDurationMs < 0) {
            throw new IllegalArgumentException("intervals must not be negative");
        }
        this.heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatIntervalMs);
        this.slowClientNanos = TimeUnit.MILLISECONDS.toNanos(slowClientTimeoutMs);
        this.maxDurationNanos = TimeUnit.MILLISECONDS.toNanos(maxDurationMs);
        long shortest = Long.MAX_VALUE;
        for (long interval : new long[] {heartbeatIntervalMs, slowClientTimeoutMs, maxDurationMs}) {
            if (interval > 0) {
                shortest = Math.min(shortest, interval);
            }
        }
        long tickMs = Math.max(MIN_TICK_MS, Math.min(MAX_TICK_MS, shortest / 8));
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMs);
    }

    /**
     * Starts watching a stream on {@code channel}. Call on the channel's event loop; the stream must
     * {@link StreamWatch#cancel() cancel} the watch when it ends on its own.
     */
    public StreamWatch watch(Channel channel, TimedStream stream) {
        EventExecutor loop = channel.eventLoop();
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("watch a stream from its own event loop");
        }
        // Only this loop creates, fills and drops its own sweep, so get-then-put cannot race.
        LoopSweep sweep = sweeps.get(loop);
        if (sweep == null) {
            sweep = new LoopSweep(loop);
            sweeps.put(loop, sweep);
        }
        return sweep.add(stream, channel.isWritable());
    }

    /**
     * Ends every stream watched on {@code loop} with {@link TimedStream#shutdown}; call on that loop.
     * Each stream is told to reconnect after a delay drawn from {@code [retryMs, 2 * retryMs]}, so that
     * clients ended together do not all come back in the same instant.
     *
     * @return how many streams were ended
     */
    public int shutdown(EventExecutor loop, long retryMs) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("shut streams down from their own event loop");
        }
        LoopSweep sweep = sweeps.get(loop);
        if (sweep == null) {
            return 0;
        }
        int ended = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StreamWatch watch;
        while ((watch = sweep.last()) != null) {
            watch.shutdown(retryMs + random.nextLong(retryMs + 1));
            ended++;
        }
        return ended;
    }

    /** How many streams are watched on {@code loop}; for tests and diagnostics. */
    public int watchedOn(EventExecutor loop) {
        LoopSweep sweep = sweeps.get(loop);
        return sweep == null ? 0 : sweep.size;
    }

    long heartbeatNanos() {
        return heartbeatNanos;
    }

    long slowClientNanos() {
        return slowClientNanos;
    }

    long maxDurationNanos() {
        return maxDurationNanos;
    }

    /** The time between two sweeps of a loop. */
    public long tickNanos() {
        return tickNanos;
    }

    /** The watches of one event loop and the task that checks them every tick. */
    final class LoopSweep implements Runnable {
        private final EventExecutor loop;
        private final Ticker ticker;
        private StreamWatch[] watches = new StreamWatch[16];
        private int size;
        private boolean scheduled;

        LoopSweep(EventExecutor loop) {
            this.loop = loop;
            this.ticker = loop.ticker();
        }

        long nanoTime() {
            return ticker.nanoTime();
        }

        StreamWatch add(TimedStream stream, boolean writable) {
            StreamWatch watch = new StreamWatch(this, stream, writable, ticker.nanoTime());
            if (size == watches.length) {
                watches = Arrays.copyOf(watches, size * 2);
            }
            watch.index = size;
            watches[size++] = watch;
            if (!scheduled) {
                scheduled = true;
                loop.schedule(this, tickNanos, TimeUnit.NANOSECONDS);
            }
            return watch;
        }

        /** Swaps the last watch into the removed one's slot: O(1), order does not matter. */
        void remove(StreamWatch watch) {
            int at = watch.index;
            StreamWatch moved = watches[--size];
            watches[at] = moved;
            moved.index = at;
            watches[size] = null;
            watch.index = -1;
        }

        StreamWatch last() {
            return size == 0 ? null : watches[size - 1];
        }

        @Override
        public void run() {
            long now = ticker.nanoTime();
            // Backwards, so a watch cancelled by its own callback (swapped with the last, already
            // checked one) does not make the walk skip anything.
            for (int i = size - 1; i >= 0; i--) {
                if (i < size) {
                    watches[i].check(now, StreamTimers.this);
                }
            }
            if (size > 0) {
                loop.schedule(this, tickNanos, TimeUnit.NANOSECONDS);
            } else {
                scheduled = false;
                sweeps.remove(loop, this);
            }
        }
    }
}
