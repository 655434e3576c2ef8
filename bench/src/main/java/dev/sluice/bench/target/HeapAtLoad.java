package dev.sluice.bench.target;

/**
 * One live-heap measurement with streams open.
 *
 * @param liveBytes       live heap after a forced full GC
 * @param openSockets     connections open on the target (average of before and after the probe)
 * @param probeCpuSeconds the target CPU the probe itself cost (taken out of the run's CPU figures)
 */
public record HeapAtLoad(long liveBytes, long openSockets, double probeCpuSeconds) {
}
