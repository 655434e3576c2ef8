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
    public final Recorder firstEvent = recorder();
    /** The app's (or the stage stream's) seq 1, from the intended start (µs). */
    public final Recorder firstAppEvent = recorder();
    /** {@code complete}, from the intended start (µs). */
    public final Recorder streamTime = recorder();
    /** Streams started. */
    public final AtomicLong launched = new AtomicLong();
    /** Streams completed. */
    public final AtomicLong completed = new AtomicLong();
    /** Events received. */
    public final AtomicLong events = new AtomicLong();
    private final FailureTally failures = new FailureTally();

    private static Recorder recorder() {
        return new Recorder(LatencyHistograms.HIGHEST_MICROS, LatencyHistograms.DIGITS);
    }

    static void record(Recorder recorder, long nanos) {
        recorder.recordValue(Math.min(Math.max(0, nanos / 1_000), LatencyHistograms.HIGHEST_MICROS));
    }

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
