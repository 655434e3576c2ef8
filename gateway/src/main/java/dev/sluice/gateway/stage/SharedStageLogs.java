package dev.sluice.gateway.stage;

import dev.sluice.gateway.log.LogEvent;
import dev.sluice.gateway.log.LogSource;
import java.util.List;

/**
 * Stage jobs' logs shared with the other gateway nodes (SPEC section 12, {@code --bus}), so that a
 * client that left the node running its job can resume on another one with {@code Last-Event-ID}.
 * Without a bus nothing is shared and a stream is found only where it runs.
 */
public interface SharedStageLogs {
    /** Nothing shared: the gateway runs alone. */
    SharedStageLogs NONE = new SharedStageLogs() {
        @Override
        public void emitted(String streamId, List<LogEvent> events) {
        }

        @Override
        public LogSource elsewhere(String streamId) {
            return null;
        }
    };

    /**
     * A job here emitted {@code events} (in order, on the job's loop). They are lent: copy what is
     * kept, never hold on to the buffers.
     */
    void emitted(String streamId, List<LogEvent> events);

    /**
     * Where to follow a stream this node does not run, or {@code null} when logs are not shared; the
     * source answers {@code UNKNOWN} for a stream no node knows (or whose window has passed).
     */
    LogSource elsewhere(String streamId);
}
