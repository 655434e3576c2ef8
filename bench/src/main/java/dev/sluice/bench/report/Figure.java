package dev.sluice.bench.report;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * One row of the report: a named number computed from a target's runs, with the direction that is
 * better (for reading ratios) and how rounds combine.
 *
 * @param name   row label
 * @param unit   unit shown after the label
 * @param better which way is better, or NONE for plain counts
 * @param value  the figure over a target's rounds
 */
public record Figure(String name, String unit, Better better, Function<List<RunResult>, Double> value) {

    /** Which direction of a figure is the good one. */
    public enum Better {
        /** Smaller is better (latency, CPU, memory). */
        LOWER,
        /** Larger is better (throughput). */
        HIGHER,
        /** A count; the ratio is still shown. */
        NONE
    }

    /** A figure summed over rounds. */
    public static Figure sum(String name, String unit, Better better, ToDoubleFunction<RunResult> perRun) {
        return new Figure(name, unit, better, runs -> runs.stream().mapToDouble(perRun).sum());
    }

    /** A figure averaged over rounds (NaN rounds, i.e. unmeasured, are skipped). */
    public static Figure mean(String name, String unit, Better better, ToDoubleFunction<RunResult> perRun) {
        return new Figure(name, unit, better, runs -> runs.stream().mapToDouble(perRun).filter(v -> !Double.isNaN(v))
                .average().orElse(Double.NaN));
    }

    /** A percentile (in ms) of a latency histogram merged over rounds. */
    public static Figure percentile(String name, Function<RunResult, Histogram> histogram, double percentile) {
        return new Figure(name, "ms", Better.LOWER, runs -> {
            Histogram merged = dev.sluice.bench.stats.LatencyHistograms.newHistogram();
            runs.forEach(run -> merged.add(histogram.apply(run)));
            if (merged.getTotalCount() == 0) {
                return Double.NaN;
            }
            long micros = percentile >= 100 ? merged.getMaxValue() : merged.getValueAtPercentile(percentile);
            return micros / 1000.0;
        });
    }
}
