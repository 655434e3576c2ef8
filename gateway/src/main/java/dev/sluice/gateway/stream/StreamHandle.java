package dev.sluice.gateway.stream;

import io.netty.channel.Channel;

/**
 * One stream's entry in the {@link StreamRegistry}: its id and what it has sent. Owned and used by the
 * stream's event loop only, so its fields need no synchronisation.
 */
public final class StreamHandle {
    private final StreamRegistry registry;
    private final String id;
    private final String path;
    private long events;
    private long bytes;
    private StreamOutcome outcome;

    StreamHandle(StreamRegistry registry, String id, String path) {
        this.registry = registry;
        this.id = id;
        this.path = path;
    }

    public String id() {
        return id;
    }

    public String path() {
        return path;
    }

    /** Records one event of {@code size} bytes handed to the channel. */
    public void eventSent(int size) {
        events++;
        bytes += size;
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
        return true;
    }

    /**
     * Gives the stream heartbeats, the slow-client and duration deadlines and a final event at shutdown
     * (see {@link StreamTimers}). Call on the channel's event loop once the stream has started writing;
     * cancel the returned watch when the stream ends.
     */
    public StreamWatch watch(Channel channel, TimedStream timed) {
        return registry.timers().watch(channel, timed);
    }

    public boolean isEnded() {
        return outcome != null;
    }
}
