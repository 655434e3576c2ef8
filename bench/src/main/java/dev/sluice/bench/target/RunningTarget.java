package dev.sluice.bench.target;

import java.nio.file.Path;

/**
 * A target ready to take streams: the process the bench started (absent for external targets), its
 * address, and the probes that read its resources.
 */
public final class RunningTarget implements AutoCloseable {

    private final TargetKind kind;
    private final Process process;
    private final String host;
    private final int port;
    private final String streamPath;
    private final Path gcLog;
    private final Path outputLog;

    RunningTarget(TargetKind kind, Process process, String host, int port, String streamPath, Path gcLog,
                  Path outputLog) {
        this.kind = kind;
        this.process = process;
        this.host = host;
        this.port = port;
        this.streamPath = streamPath;
        this.gcLog = gcLog;
        this.outputLog = outputLog;
    }

    /** Which server this is. */
    public TargetKind kind() {
        return kind;
    }

    /** Host to connect to. */
    public String host() {
        return host;
    }

    /** Port to connect to. */
    public int port() {
        return port;
    }

    /** Path of the stream endpoint. */
    public String streamPath() {
        return streamPath;
    }

    /** Whether the bench started this process and can measure it. */
    public boolean measurable() {
        return process != null;
    }

    /** The process id; only when {@link #measurable()}. */
    public long pid() {
        return process.pid();
    }

    /** CPU and RSS of the process; only when {@link #measurable()}. */
    public ProcessProbe processProbe() {
        return new ProcessProbe(process.pid());
    }

    /** Live heap probe; only for measurable JVM targets. */
    public HeapProbe heapProbe() {
        return new HeapProbe(process.pid());
    }

    /** The GC log of a measurable JVM target, else null. */
    public GcLogAllocation gcLog() {
        return gcLog == null ? null : new GcLogAllocation(gcLog);
    }

    /** Sluice's metrics endpoint, else null. */
    public MetricsScrape metrics() {
        return kind == TargetKind.SLUICE ? new MetricsScrape(host, port) : null;
    }

    /** Established connections on the target's port. */
    public EstablishedSockets sockets() {
        return EstablishedSockets.of(host, port);
    }

    /** Where the target's stdout and stderr went. */
    public Path outputLog() {
        return outputLog;
    }

    /** Whether the process is still running (always true for external targets). */
    public boolean alive() {
        return process == null || process.isAlive();
    }

    /** Stops the process the bench started; nothing for external targets. */
    @Override
    public void close() {
        if (process != null) {
            ChildProcesses.stop(process, 15);
        }
    }
}
