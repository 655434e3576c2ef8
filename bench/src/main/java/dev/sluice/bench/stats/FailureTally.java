package dev.sluice.bench.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Failed streams (or subscribers) by reason, counted from any client event loop, with the first few described so
 * that a broken run explains itself.
 */
public final class FailureTally {

    private static final int DETAILS_KEPT = 5;

    private final AtomicLongArray counts = new AtomicLongArray(FailureReason.values().length);
    private final List<String> details = Collections.synchronizedList(new ArrayList<>());

    /** Counts one failure; its detail is kept while fewer than five are. */
    public void add(FailureReason reason, String detail) {
        counts.incrementAndGet(reason.ordinal());
        if (details.size() < DETAILS_KEPT) {
            details.add(reason.label() + ": " + detail);
        }
    }

    /** Failures of every reason. */
    public long total() {
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** Failures by reason, every reason present. */
    public Map<FailureReason, Long> byReason() {
        Map<FailureReason, Long> byReason = new EnumMap<>(FailureReason.class);
        for (FailureReason reason : FailureReason.values()) {
            byReason.put(reason, counts.get(reason.ordinal()));
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
