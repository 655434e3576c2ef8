package dev.sluice.gateway.stream;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.concurrent.Ticker;

/**
 * One stream's entry in the {@link StreamRegistry}: its id and what it has sent. Owned and used by the
 * stream's event loop only, so its fields need no synchronisation.
 */
public final class StreamHandle {
    private final StreamRegistry registry;
    private final String id;
    private final String method;
    private final String path;
    private final Ticker clock;
    private final long openedNanos;
    private long events;
    private long bytes;
    private StreamOutcome outcome;
    private String protocol = "h1";

    StreamHandle(StreamRegistry registry, String id, String method, String path, Ticker clock) {
        this.registry = registry;
        this.id = id;
        this.method = method;
        this.path = path;
        this.clock = clock;
        this.openedNanos = clock.nanoTime();
    }

    public String id() {
        return id;
    }

    /** The request method that started the stream, for the access log. */
    public String method() {
        return method;
    }

    /** {@code h2} for a stream on an HTTP/2 connection, else {@code h1}; for the access log. */
    public String protocol() {
        return protocol;
    }

    public String path() {
        return path;
    }

    /** Records one event of {@code size} bytes handed to the channel. */
    public void eventSent(int size) {
        eventsSent(1, size);
    }

    /** Records {@code count} events of {@code size} bytes in all, handed to the channel in one write. */
    public void eventsSent(int count, int size) {
        if (events == 0) {
            registry.listener().firstEventSent(this, clock.nanoTime() - openedNanos);
        }
        events += count;
        bytes += size;
        registry.eventsSent(count, size);
    }

    public long events() {
        return events;
    }

    public long bytes() {
        return bytes;
    }

    /** Ends the stream; later calls are ignored so that racing end paths count it once. */
    public boolean end(StreamOutcome how) {
        if (outcome != null) {
            return false;
        }
        outcome = how;
        registry.ended(how);
        registry.listener().streamEnded(this, clock.nanoTime() - openedNanos);
        return true;
    }

    /** How the stream ended, or {@code null} while it runs. */
    public StreamOutcome outcome() {
        return outcome;
    }

    /**
     * Gives the stream heartbeats, the slow-client and duration deadlines and a final event at shutdown
     * (see {@link StreamTimers}). Call on the channel's event loop once the stream has started writing;
     * cancel the returned watch when the stream ends.
     */
    public StreamWatch watch(Channel channel, TimedStream timed) {
        // Every kind of stream passes its channel here once, so this is where the protocol is known.
        protocol = channel instanceof Http2StreamChannel ? "h2" : "h1";
        return registry.timers().watch(channel, timed);
    }

    public boolean isEnded() {
        return outcome != null;
    }
}
