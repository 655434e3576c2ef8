package dev.sluice.bench.resume;

import dev.sluice.bench.stats.FailureReason;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/**
 * What one resume run against one target measured.
 *
 * @param target          the target's label
 * @param round           round number (from 1)
 * @param launched        streams started
 * @param completed       streams that saw seqs 1..N exactly once over all their connections, then 204
 * @param failures        failed streams by reason
 * @param failureDetails  the first few failures, described
 * @param reconnects      reconnects made (drops plus the final one after complete)
 * @param finalNoContent  final reconnects answered 204
 * @param expiredHeader   of those, answered with {@code x-sluice-stream: expired}
 * @param events          events received over all connections
 * @param firstEvent      first event from the stream's intended start, microseconds
 * @param reconnectHead   a mid-stream reconnect's response head from its intended time, microseconds
 * @param streamTime      {@code complete} from the stream's intended start, microseconds
 * @param cpuSeconds      target CPU over the run (-1 if not measurable)
 * @param jobsStarted     increase of the target's {@code sluice_stage_jobs_started_total} (NaN where not served)
 * @param resumedReported increase of the target's {@code sluice_streams_resumed_total} (NaN where not served)
 */
public record ResumeResult(String target, int round, long launched, long completed, Map<FailureReason, Long> failures,
                           List<String> failureDetails, long reconnects, long finalNoContent, long expiredHeader,
                           long events, Histogram firstEvent, Histogram reconnectHead, Histogram streamTime,
                           double cpuSeconds, double jobsStarted, double resumedReported) {

    /** Streams that failed. */
    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }
}
