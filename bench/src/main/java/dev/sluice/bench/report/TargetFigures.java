package dev.sluice.bench.report;

/**
 * What the bench measured on the target process itself; -1 (or NaN) where it could not measure
 * (external targets, non-JVM targets for heap and allocation).
 *
 * @param cpuSeconds      target user+system CPU during the load (minus what the heap probe cost)
 * @param rssIdleBytes    resident memory before the load
 * @param rssPeakBytes    highest resident memory sampled during the load
 * @param heapIdleBytes   live heap after a forced GC before the load
 * @param heapLoadedBytes live heap after a forced GC with streams open
 * @param heapOpenStreams connections open while the loaded heap was measured
 * @param allocatedBytes  bytes allocated during the load (from the GC log)
 * @param peakOpenSockets most connections sampled open on the target's port
 * @param openAfterEnd    connections still open on the target's port after the drain wait
 * @param msToZero        how long after the clients finished the target's open connections (and, for
 *                        Sluice, its open-streams gauge) reached zero; -1 if they did not in the wait
 * @param cpuUserSeconds  the user-space part of {@code cpuSeconds} (the rest is the kernel's), or -1
 * @param cpus            CPUs the target could run on (its pinning, else the machine's)
 * @param ownFirstEventP99Ms the target's own time to first event p99 in ms (Sluice's
 *                        {@code sluice_time_to_first_event_seconds}: request read to first event written, so
 *                        it excludes the time a request waited for the process to be scheduled), or NaN
 * @param gcPauses        stop-the-world collections the target's GC log shows during the load (the bench's own
 *                        heap probes excluded; ZGC's sub-millisecond pauses are not in that log), or -1
 * @param gcPauseMaxMs    the longest of them in ms (0 when there were none), or NaN
 */
public record TargetFigures(double cpuSeconds, long rssIdleBytes, long rssPeakBytes, long heapIdleBytes,
                            long heapLoadedBytes, long heapOpenStreams, long allocatedBytes, long peakOpenSockets,
                            long openAfterEnd, long msToZero, double cpuUserSeconds, int cpus,
                            double ownFirstEventP99Ms, long gcPauses, double gcPauseMaxMs) {

    /** Figures without the target's GC pauses. */
    public TargetFigures(double cpuSeconds, long rssIdleBytes, long rssPeakBytes, long heapIdleBytes,
                         long heapLoadedBytes, long heapOpenStreams, long allocatedBytes, long peakOpenSockets,
                         long openAfterEnd, long msToZero, double cpuUserSeconds, int cpus, double ownFirstEventP99Ms) {
        this(cpuSeconds, rssIdleBytes, rssPeakBytes, heapIdleBytes, heapLoadedBytes, heapOpenStreams, allocatedBytes,
                peakOpenSockets, openAfterEnd, msToZero, cpuUserSeconds, cpus, ownFirstEventP99Ms, -1, Double.NaN);
    }

    /** Figures without the target's own first-event figure. */
    public TargetFigures(double cpuSeconds, long rssIdleBytes, long rssPeakBytes, long heapIdleBytes,
                         long heapLoadedBytes, long heapOpenStreams, long allocatedBytes, long peakOpenSockets,
                         long openAfterEnd, long msToZero, double cpuUserSeconds, int cpus) {
        this(cpuSeconds, rssIdleBytes, rssPeakBytes, heapIdleBytes, heapLoadedBytes, heapOpenStreams, allocatedBytes,
                peakOpenSockets, openAfterEnd, msToZero, cpuUserSeconds, cpus, Double.NaN);
    }

    /** Figures without the user/kernel split and the CPU count. */
    public TargetFigures(double cpuSeconds, long rssIdleBytes, long rssPeakBytes, long heapIdleBytes,
                         long heapLoadedBytes, long heapOpenStreams, long allocatedBytes, long peakOpenSockets,
                         long openAfterEnd, long msToZero) {
        this(cpuSeconds, rssIdleBytes, rssPeakBytes, heapIdleBytes, heapLoadedBytes, heapOpenStreams, allocatedBytes,
                peakOpenSockets, openAfterEnd, msToZero, -1, 0);
    }

    /** Figures for a target the bench cannot measure. */
    public static TargetFigures unmeasured(long peakOpenSockets, long openAfterEnd, long msToZero) {
        return new TargetFigures(-1, -1, -1, -1, -1, -1, -1, peakOpenSockets, openAfterEnd, msToZero);
    }

    /** Live heap per open stream in bytes, or NaN. */
    public double heapPerStream() {
        if (heapLoadedBytes < 0 || heapIdleBytes < 0 || heapOpenStreams <= 0) {
            return Double.NaN;
        }
        return (heapLoadedBytes - heapIdleBytes) / (double) heapOpenStreams;
    }

    /** RSS growth per stream at the peak, in bytes, or NaN. */
    public double rssPerStream() {
        if (rssPeakBytes < 0 || rssIdleBytes < 0 || peakOpenSockets <= 0) {
            return Double.NaN;
        }
        return (rssPeakBytes - rssIdleBytes) / (double) peakOpenSockets;
    }
}
