package dev.sluice.gateway.stage;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The stage jobs this node keeps, by stream id: running ones, and finished or abandoned ones for the
 * resume window (SPEC section 8), so that a reconnect finds its job again. A job adds itself when it
 * starts and removes itself when its window ends; lookups come from any loop.
 */
public final class StageJobs {
    private final ConcurrentMap<String, StageJob> jobs = new ConcurrentHashMap<>();
    private final long windowNanos;
    private final SharedStageLogs shared;
    private final LongAdder started = new LongAdder();
    private final LongAdder resumed = new LongAdder();

    /** @param resumeWindowMs how long a job outlives its last subscriber; 0 ends it with its last subscriber */
    public StageJobs(long resumeWindowMs) {
        this(resumeWindowMs, SharedStageLogs.NONE);
    }

    /** @param shared where the jobs' logs are shared with other nodes ({@code --bus}) */
    public StageJobs(long resumeWindowMs, SharedStageLogs shared) {
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(resumeWindowMs);
        this.shared = shared;
    }

    /** Where jobs' logs are shared with other nodes. */
    public SharedStageLogs shared() {
        return shared;
    }

    /** The job of {@code streamId}, or {@code null} when it is unknown here or its window has passed. */
    public StageJob find(String streamId) {
        return jobs.get(streamId);
    }

    long windowNanos() {
        return windowNanos;
    }

    void added(StageJob job) {
        started.increment();
        jobs.put(job.streamId(), job);
    }

    void removed(StageJob job) {
        jobs.remove(job.streamId(), job);
    }

    /** A reconnect found its job. */
    public void resumed() {
        resumed.increment();
    }

    /** Jobs kept now: running, or waiting out their resume window. */
    public int kept() {
        return jobs.size();
    }

    /** Jobs started since start; a resumed stream starts none. */
    public long started() {
        return started.sum();
    }

    /** Reconnects that found their job and continued it. */
    public long resumedStreams() {
        return resumed.sum();
    }
}
