package dev.sluice.bench.edge;

import dev.sluice.bench.stats.FailureReason;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/**
 * What one edge run (one protocol) measured.
 *
 * @param protocol          h1c, h1 or h2
 * @param round             round number
 * @param launched          streams started
 * @param completed         streams with every event in order and a clean end
 * @param failures          failed streams by reason
 * @param failureDetails    the first few failures
 * @param connections       connections the client opened (h2: the fixed number; h1: one per stream)
 * @param firstEvent        first event from the stream's intended start, µs
 * @param streamTime        {@code complete} from the intended start, µs
 * @param cpuSeconds        gateway CPU over the run
 * @param heapIdleBytes     gateway live heap before the load (-1 unmeasured)
 * @param heapLoadedBytes   gateway live heap with the streams open (-1 unmeasured)
 * @param openAtProbe       streams open (by the client's count) when the loaded heap was measured
 * @param rssPeakBytes      gateway peak RSS
 */
public record EdgeResult(String protocol, int round, long launched, long completed, Map<FailureReason, Long> failures,
                         List<String> failureDetails, long connections, Histogram firstEvent, Histogram streamTime,
                         double cpuSeconds, long heapIdleBytes, long heapLoadedBytes, long openAtProbe,
                         long rssPeakBytes) {

    /** Streams that failed. */
    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Live heap per open stream in bytes, NaN when unmeasured. */
    public double heapPerStream() {
        return heapIdleBytes < 0 || heapLoadedBytes < 0 || openAtProbe <= 0 ? Double.NaN
                : (heapLoadedBytes - heapIdleBytes) / (double) openAtProbe;
    }
}
