package dev.sluice.bench.restart;

import dev.sluice.bench.stats.FailureReason;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/**
 * What a rolling restart under load measured.
 *
 * @param launched        streams started
 * @param completed       streams with every event in order and a clean end
 * @param failures        failed streams by reason: connect = refused (or reset while connecting), truncated =
 *                        cut, status = answered but not 200 (e.g. 503 while draining)
 * @param failureDetails  the first few failures
 * @param restarts        restarts done, each with its timings
 * @param firstEvent      first event from intended start, µs
 * @param streamTime      {@code complete} from intended start, µs
 */
public record RestartResult(long launched, long completed, Map<FailureReason, Long> failures,
                            List<String> failureDetails, List<Restart> restarts, Histogram firstEvent,
                            Histogram streamTime) {

    /**
     * One restart.
     *
     * @param atSeconds     when the new process was started, seconds into the load
     * @param readyMs       from starting the new process to its /readyz answering 200
     * @param oldExitMs     from SIGTERM to the old process's exit (the bench kills it after 15 s)
     */
    public record Restart(double atSeconds, long readyMs, long oldExitMs) {
    }

    /** Streams that failed. */
    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }
}
