package dev.sluice.bench.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes a JVM target allocated between two points, from its unified GC log ({@code -Xlog:gc:file=...},
 * the {@code gc} tag set alone, so every line is one collection's summary; with {@code gc+heap=debug} too, the heap's used kilobytes before and after every
 * collection are read instead, to the kilobyte):
 * each collection line reads {@code before->after(capacity)}, so what the program allocated between
 * collection i-1 and collection i is {@code before(i) - after(i-1)}. The bench brackets a window with
 * forced collections ({@link HeapProbe}), so the window's allocation is the sum over the collections
 * after the opening one, up to and including the closing one. Resolution is the log's unit (usually 1 MB),
 * which is negligible against the gigabytes a firehose allocates. No JFR, no agent.
 */
public final class GcLogAllocation {

    private static final Pattern TRANSITION = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\(");
    /**
     * {@code gc+heap=debug}: "Heap before GC invocations=3" / "Heap after GC ..." then one "... total ..., used NK"
     * line per heap (G1) or generation (Serial, which a JVM picks by itself on one CPU, and Parallel).
     */
    /** A stop-the-world pause's summary line and its duration. */
    private static final Pattern PAUSE = Pattern.compile("\\bPause .*?(\\d+\\.\\d+)ms\\s*$");
    private static final Pattern HEAP_USED = Pattern.compile("\\btotal\\b.*?\\bused (\\d+)K");

    private final Path log;

    /** Reads the GC log at {@code log}. */
    public GcLogAllocation(Path log) {
        this.log = log;
    }

    /** Collections logged so far (the bracket marks). */
    public int collections() {
        return transitions().size();
    }

    /**
     * Bytes allocated between the end of collection {@code fromIndex} and the start of collection
     * {@code toIndex} (indices into the log's collections, 0-based); -1 when the log lacks them.
     */
    public long allocatedBetween(int fromIndex, int toIndex) {
        List<long[]> transitions = transitions();
        if (fromIndex < 0 || toIndex >= transitions.size() || toIndex <= fromIndex) {
            return -1;
        }
        long allocated = 0;
        for (int i = fromIndex + 1; i <= toIndex; i++) {
            allocated += Math.max(0, transitions.get(i)[0] - transitions.get(i - 1)[1]);
        }
        return allocated;
    }

    /**
     * The bench's own forced collections so far ({@link HeapProbe}'s {@code GC.class_histogram}: "Pause Full
     * (Heap Inspection Initiated GC)"), the marks {@link #pausesAfterInspection} counts from.
     */
    public int heapInspections() {
        return (int) lines().stream().filter(GcLogAllocation::isInspection).count();
    }

    /**
     * {count, longest ms} of the stop-the-world pauses logged after heap inspection number
     * {@code inspections} (0: from the start) and before the next one (or the log's end): what stopped the
     * target's threads during a load bracketed by the bench's probes. Reads the {@code gc} tag's summary
     * lines ("GC(n) Pause Young (...) 106M->21M(365M) 47.142ms"); ZGC logs its pauses elsewhere, so under
     * ZGC this counts none.
     */
    public double[] pausesAfterInspection(int inspections) {
        int seen = 0;
        long count = 0;
        double max = 0;
        for (String line : lines()) {
            if (isInspection(line)) {
                if (++seen > inspections) {
                    break;
                }
                continue;
            }
            Matcher m = PAUSE.matcher(line);
            if (seen == inspections && m.find()) {
                count++;
                max = Math.max(max, Double.parseDouble(m.group(1)));
            }
        }
        return new double[] {count, max};
    }

    private static boolean isInspection(String line) {
        return line.contains("Pause Full (Heap Inspection Initiated GC)");
    }

    private List<String> lines() {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Each logged collection's {before, after} in bytes, in log order. */
    List<long[]> transitions() {
        try {
            return parse(Files.readAllLines(log));
        } catch (IOException e) {
            return List.of();
        }
    }

    static List<long[]> parse(List<String> lines) {
        List<long[]> precise = parseHeapDumps(lines);
        return precise.isEmpty() ? parseSummaries(lines) : precise;
    }

    /**
     * The kilobyte-exact form from {@code -Xlog:gc+heap=debug} (G1): each collection prints the heap
     * before and after it, each with one "used NK" line.
     */
    static List<long[]> parseHeapDumps(List<String> lines) {
        List<long[]> transitions = new java.util.ArrayList<>();
        long before = -1;
        long sum = 0;
        int block = 0; // 1: the heap before a collection, 2: after it
        for (String line : lines) {
            // JDK 17 writes "Heap before GC", JDK 25 "Heap Before GC".
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            boolean opensBefore = lower.contains("heap before gc invocations=");
            boolean opensAfter = lower.contains("heap after gc invocations=");
            if (opensBefore || opensAfter) {
                if (block == 1) {
                    before = sum;
                } else if (block == 2 && before >= 0) {
                    transitions.add(new long[] {before, sum});
                    before = -1;
                }
                block = opensBefore ? 1 : 2;
                sum = 0;
            } else if (block != 0) {
                // G1: one "garbage-first heap total ..., used NK"; Serial and Parallel: one line per generation.
                Matcher m = HEAP_USED.matcher(line);
                if (m.find()) {
                    sum += Long.parseLong(m.group(1)) << 10;
                }
            }
        }
        if (block == 2 && before >= 0) {
            transitions.add(new long[] {before, sum});
        }
        return transitions;
    }

    /** The summary lines' {@code before->after(capacity)}, one per collection, megabyte resolution. */
    static List<long[]> parseSummaries(List<String> lines) {
        List<long[]> transitions = new java.util.ArrayList<>();
        for (String line : lines) {
            Matcher m = TRANSITION.matcher(line);
            if (m.find()) {
                transitions.add(new long[] {bytes(m.group(1), m.group(2)), bytes(m.group(3), m.group(4))});
            }
        }
        return transitions;
    }

    private static long bytes(String number, String unit) {
        long value = Long.parseLong(number);
        return switch (unit) {
            case "K" -> value << 10;
            case "M" -> value << 20;
            default -> value << 30;
        };
    }
}
