package dev.sluice.bench.target;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Samples a target during a run on the same grid as the clients (tick k at start + k * interval):
 * open connections, Sluice's open-streams gauge, CPU and RSS. For a JVM target it can also take one
 * live-heap measurement once the expected number of streams is open (or the arrivals are over).
 */
public final class TargetMonitor implements AutoCloseable {
    /**
     * Sluice's gauge is read from {@code /metrics} at most this often: a scrape costs the gateway's event
     * loop about 3 ms of CPU (19 KB of exposition text), so one a second, as the sampling grid would have
     * it, put a stall into every second of a latency measurement that no peer had. Prometheus itself
     * scrapes every 10–60 s.
     */
    private static final long SCRAPE_INTERVAL_MS = 10_000;

    private final RunningTarget target;
    private final ScheduledExecutorService executor;
    private final List<TargetSample> samples = new ArrayList<>();
    private final AtomicInteger tick = new AtomicInteger();
    private final EstablishedSockets sockets;
    private final MetricsScrape metrics;
    private final ProcessProbe process;
    private final int scrapeEvery;
    private volatile HeapAtLoad heapAtLoad;
    private volatile boolean heapProbeStarted;

    /**
     * Starts sampling at {@code startAtEpochMs} every {@code intervalMs}. When {@code heapProbeAtOpen > 0}
     * (JVM targets only), the live heap is measured once {@code heapProbeAtOpen} connections are open or
     * {@code heapProbeLatestMs} after the start, whichever comes first.
     */
    public TargetMonitor(RunningTarget target, long startAtEpochMs, long intervalMs, long heapProbeAtOpen,
                         long heapProbeLatestMs) {
        this.target = target;
        this.sockets = target.sockets();
        this.metrics = target.metrics();
        this.process = target.measurable() ? target.processProbe() : null;
        this.scrapeEvery = (int) Math.max(1, SCRAPE_INTERVAL_MS / Math.max(1, intervalMs));
        this.executor = Executors.newScheduledThreadPool(2, r -> {
            Thread thread = new Thread(r, "bench-target-monitor");
            thread.setDaemon(true);
            return thread;
        });
        long delay = Math.max(0, startAtEpochMs - System.currentTimeMillis());
        executor.scheduleAtFixedRate(() -> sample(heapProbeAtOpen, startAtEpochMs + heapProbeLatestMs),
                delay, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void sample(long heapProbeAtOpen, long heapProbeLatestEpochMs) {
        long open = sockets.count();
        int k = tick.getAndIncrement();
        double gauge = metrics == null || k % scrapeEvery != 0 ? Double.NaN : metrics.value("sluice_streams_open");
        TargetSample sample = new TargetSample(k, open, gauge,
                process == null ? -1 : process.cpuSeconds(), process == null ? -1 : process.rssBytes(),
                process == null ? -1 : process.cpuUserSeconds());
        synchronized (samples) {
            samples.add(sample);
        }
        boolean due = open >= heapProbeAtOpen || System.currentTimeMillis() >= heapProbeLatestEpochMs;
        if (heapProbeAtOpen > 0 && !heapProbeStarted && due && target.kind().isJvm() && target.measurable()) {
            heapProbeStarted = true;
            executor.execute(this::probeHeap);
        }
    }

    private void probeHeap() {
        long before = openStreams();
        double cpuBefore = process.cpuSeconds();
        long live = target.heapProbe().liveBytesAfterGc();
        double cpuAfter = process.cpuSeconds();
        long after = openStreams();
        heapAtLoad = new HeapAtLoad(live, (before + after) / 2, Math.max(0, cpuAfter - cpuBefore));
    }

    /**
     * Streams the target holds: Sluice's own gauge where it has one, else the established sockets. On a
     * starved machine the socket count includes connections still waiting in the accept queue, which hold
     * no heap yet, and would understate the heap per stream.
     */
    private long openStreams() {
        double gauge = metrics == null ? Double.NaN : metrics.value("sluice_streams_open");
        return Double.isNaN(gauge) || gauge <= 0 ? sockets.count() : (long) gauge;
    }

    /** The samples taken so far. */
    public List<TargetSample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** The heap measurement with streams open, or null when none was taken (yet). */
    public HeapAtLoad heapAtLoad() {
        return heapAtLoad;
    }

    /** Stops sampling, letting a running heap probe finish. */
    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(90, TimeUnit.SECONDS);
    }
}
