package dev.sluice.bench.cli;

import dev.sluice.bench.report.SideBySideTable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of a scenario run in interleaved rounds, by column label in first-run order, with the count of
 * failures that decides the exit code (0, or 3 when anything failed).
 */
final class RoundResults<R> {

    private final Map<String, List<R>> byLabel = new LinkedHashMap<>();
    private long failed;

    void add(String label, R result, long failures) {
        byLabel.computeIfAbsent(label, k -> new ArrayList<>()).add(result);
        failed += failures;
    }

    Map<String, List<R>> byLabel() {
        return byLabel;
    }

    /** Emits {@code table} (built from {@link #byLabel()}) and returns the exit code. */
    int report(SideBySideTable<List<R>> table, Path dir, String setup) throws IOException {
        SideBySideReport.emit(table, dir, setup);
        return failed == 0 ? 0 : 3;
    }
}
