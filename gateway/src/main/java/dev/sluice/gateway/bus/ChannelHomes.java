package dev.sluice.gateway.bus;

import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives every channel one home event loop, the same for the channel's whole life: the loop that
 * orders its messages and owns its replay log, so that neither needs a lock. Channels spread over the
 * loops by the hash of their name.
 */
public final class ChannelHomes {
    private final EventExecutor[] loops;

    public ChannelHomes(Iterable<? extends EventExecutor> loops) {
        List<EventExecutor> all = new ArrayList<>();
        loops.forEach(all::add);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no event loops");
        }
        this.loops = all.toArray(new EventExecutor[0]);
    }

    /** One loop serves every channel (tests on an {@code EmbeddedChannel}). */
    public static ChannelHomes single(EventExecutor loop) {
        return new ChannelHomes(List.of(loop));
    }

    public EventExecutor homeOf(String channel) {
        return loops[Math.floorMod(channel.hashCode(), loops.length)];
    }
}
