package dev.sluice.bench.scenario;

/**
 * One gateway process of a multi-process run, as sampled on its own admin port and from {@code /proc}.
 *
 * @param adminPort        its admin port (metrics, health)
 * @param peakOpenStreams  highest {@code sluice_streams_open} sampled
 * @param cpuSeconds       CPU over the load
 * @param rssIdleBytes     RSS before the load
 * @param rssPeakBytes     highest RSS sampled
 * @param heapIdleBytes    live heap before the load (-1 unmeasured)
 * @param heapLoadedBytes  live heap with the streams open (-1 unmeasured)
 * @param openAtProbe      its open streams when the loaded heap was measured
 */
public record GatewayProcessFigures(int adminPort, double peakOpenStreams, double cpuSeconds, long rssIdleBytes,
                                    long rssPeakBytes, long heapIdleBytes, long heapLoadedBytes, double openAtProbe) {

    /** Live heap per open stream in bytes; NaN when unmeasured. */
    public double heapPerStream() {
        return heapIdleBytes < 0 || heapLoadedBytes < 0 || openAtProbe <= 0 ? Double.NaN
                : (heapLoadedBytes - heapIdleBytes) / openAtProbe;
    }
}
