package dev.sluice.bench.hold;

import dev.sluice.bench.stats.FailureReason;
import dev.sluice.bench.stats.LatencyHistograms;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counters and latency recorders of one hold (or edge) run, written by the client's event loops. */
public final class HoldStats {

    private static final int DETAILS_KEPT = 5;

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
    private final AtomicLongArray failures = new AtomicLongArray(FailureReason.values().length);
    private final List<String> details = Collections.synchronizedList(new ArrayList<>());

    private static Recorder recorder() {
        return new Recorder(LatencyHistograms.HIGHEST_MICROS, LatencyHistograms.DIGITS);
    }

    static void record(Recorder recorder, long nanos) {
        recorder.recordValue(Math.min(Math.max(0, nanos / 1_000), LatencyHistograms.HIGHEST_MICROS));
    }

    /** Records a failed stream. */
    public void failed(FailureReason reason, String detail) {
        failures.incrementAndGet(reason.ordinal());
        if (details.size() < DETAILS_KEPT) {
            details.add(reason.label() + ": " + detail);
        }
    }

    /** Failed streams by reason. */
    public Map<FailureReason, Long> failures() {
        Map<FailureReason, Long> byReason = new EnumMap<>(FailureReason.class);
        for (FailureReason reason : FailureReason.values()) {
            byReason.put(reason, failures.get(reason.ordinal()));
        }
        return byReason;
    }

    /** The first few failures, described. */
    public List<String> details() {
        synchronized (details) {
            return List.copyOf(details);
        }
    }
}
