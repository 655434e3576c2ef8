package dev.sluice.bench.resume;

import dev.sluice.bench.stats.FailureReason;
import dev.sluice.bench.stats.LatencyHistograms;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counters and latency recorders of one resume run, written by the client's event loops. */
final class ResumeStats {

    private static final int DETAILS_KEPT = 5;

    final Recorder firstEvent = recorder();
    final Recorder reconnectHead = recorder();
    final Recorder streamTime = recorder();
    final AtomicLong launched = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong finalNoContent = new AtomicLong();
    final AtomicLong expiredHeader = new AtomicLong();
    final AtomicLong events = new AtomicLong();
    private final AtomicLongArray failures = new AtomicLongArray(FailureReason.values().length);
    private final List<String> details = Collections.synchronizedList(new ArrayList<>());

    private static Recorder recorder() {
        return new Recorder(LatencyHistograms.HIGHEST_MICROS, LatencyHistograms.DIGITS);
    }

    static void record(Recorder recorder, long nanos) {
        recorder.recordValue(Math.min(Math.max(0, nanos / 1_000), LatencyHistograms.HIGHEST_MICROS));
    }

    void failed(FailureReason reason, String detail) {
        failures.incrementAndGet(reason.ordinal());
        if (details.size() < DETAILS_KEPT) {
            details.add(reason.label() + ": " + detail);
        }
    }

    long ended() {
        return completed.get() + failed();
    }

    long failed() {
        long total = 0;
        for (int i = 0; i < failures.length(); i++) {
            total += failures.get(i);
        }
        return total;
    }

    Map<FailureReason, Long> failures() {
        Map<FailureReason, Long> byReason = new EnumMap<>(FailureReason.class);
        for (FailureReason reason : FailureReason.values()) {
            byReason.put(reason, failures.get(reason.ordinal()));
        }
        return byReason;
    }

    List<String> details() {
        synchronized (details) {
            return List.copyOf(details);
        }
    }

    static Histogram take(Recorder recorder) {
        return recorder.getIntervalHistogram();
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
