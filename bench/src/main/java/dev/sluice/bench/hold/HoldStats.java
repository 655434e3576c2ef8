package dev.sluice.bench.hold;

import dev.sluice.bench.stats.FailureReason;
import dev.sluice.bench.stats.FailureTally;
import dev.sluice.bench.stats.LatencyHistograms;
import org.HdrHistogram.Recorder;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counters and latency recorders of one hold (or edge) run, written by the client's event loops. */
public final class HoldStats {

    /** First event of any kind, from the stream's intended start (µs). */
    public final Recorder firstEvent = LatencyHistograms.newRecorder();
    /** The app's (or the stage stream's) seq 1, from the intended start (µs). */
    public final Recorder firstAppEvent = LatencyHistograms.newRecorder();
    /** {@code complete}, from the intended start (µs). */
    public final Recorder streamTime = LatencyHistograms.newRecorder();
    /** Streams started. */
    public final AtomicLong launched = new AtomicLong();
    /** Streams completed. */
    public final AtomicLong completed = new AtomicLong();
    /** Events received. */
    public final AtomicLong events = new AtomicLong();
    private final FailureTally failures = new FailureTally();

    /** Records a failed stream. */
    public void failed(FailureReason reason, String detail) {
        failures.add(reason, detail);
    }

    /** Failed streams by reason. */
    public Map<FailureReason, Long> failures() {
        return failures.byReason();
    }

    /** The first few failures, described. */
    public List<String> details() {
        return failures.details();
    }
}
