package dev.sluice.bench.hold;

import dev.sluice.bench.stats.FailureReason;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/**
 * What one hold (or relay) run measured.
 *
 * @param mode               relay or hold
 * @param round              round number
 * @param launched           streams started
 * @param completed          streams with every app event in order and a clean end
 * @param failures           failed streams by reason
 * @param failureDetails     the first few failures
 * @param events             events received
 * @param firstEvent         first event (any) from intended start, microseconds
 * @param firstAppEvent      the app's first event from intended start, microseconds
 * @param streamTime         {@code complete} from intended start, microseconds
 * @param appPeakConnections most connections open on the app server's port at one sample
 * @param appConnectionsAfter connections open on the app server's port after the load
 * @param sluicePeakConnections most connections open on Sluice's port at one sample
 * @param appCpuSeconds      app server CPU during the load
 * @param sluiceCpuSeconds   Sluice CPU during the load
 * @param appRssPeakBytes    app server peak RSS
 * @param sluiceRssPeakBytes Sluice peak RSS
 */
public record HoldResult(String mode, int round, long launched, long completed, Map<FailureReason, Long> failures,
                         List<String> failureDetails, long events, Histogram firstEvent, Histogram firstAppEvent,
                         Histogram streamTime, long appPeakConnections, long appConnectionsAfter,
                         long sluicePeakConnections, double appCpuSeconds, double sluiceCpuSeconds, long appRssPeakBytes,
                         long sluiceRssPeakBytes) {

    /** Streams that failed. */
    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }
}
