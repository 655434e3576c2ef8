package dev.sluice.bench.resume;

import dev.sluice.bench.stats.FailureReason;
import dev.sluice.bench.stats.FailureTally;
import dev.sluice.bench.stats.LatencyHistograms;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counters and latency recorders of one resume run, written by the client's event loops. */
final class ResumeStats {

    final Recorder firstEvent = LatencyHistograms.newRecorder();
    final Recorder reconnectHead = LatencyHistograms.newRecorder();
    final Recorder streamTime = LatencyHistograms.newRecorder();
    final AtomicLong launched = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong finalNoContent = new AtomicLong();
    final AtomicLong expiredHeader = new AtomicLong();
    final AtomicLong events = new AtomicLong();
    private final FailureTally failures = new FailureTally();

    void failed(FailureReason reason, String detail) {
        failures.add(reason, detail);
    }

    long ended() {
        return completed.get() + failed();
    }

    long failed() {
        return failures.total();
    }

    Map<FailureReason, Long> failures() {
        return failures.byReason();
    }

    List<String> details() {
        return failures.details();
    }

    static Histogram take(Recorder recorder) {
        return recorder.getIntervalHistogram();
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
