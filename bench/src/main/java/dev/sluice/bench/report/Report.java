package dev.sluice.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * All runs of one bench invocation (one target, or several interleaved in rounds) with what is needed
 * to print them: per-target figures and, when Sluice is among several targets, Sluice ÷ peer ratios.
 *
 * @param scenario scenario name
 * @param command  the command line that produced it
 * @param machine  the machine description
 * @param runs     every run in the order it happened
 * @param figures  the rows to show, in order
 */
public record Report(String scenario, String command, String machine, List<RunResult> runs, List<Figure> figures) {

    /** A report showing the rows every scenario has ({@link Figures#all()}). */
    public Report(String scenario, String command, String machine, List<RunResult> runs) {
        this(scenario, command, machine, runs, Figures.all());
    }

    /** The reference target of ratios. */
    public static final String REFERENCE = "sluice";

    /** Target labels in first-run order. */
    public List<String> targets() {
        LinkedHashSet<String> targets = new LinkedHashSet<>();
        runs.forEach(run -> targets.add(run.target()));
        return new ArrayList<>(targets);
    }

    /** The runs of one target. */
    public List<RunResult> runsOf(String target) {
        return runs.stream().filter(run -> run.target().equals(target)).toList();
    }

    /** A figure's value for a target. */
    public double value(Figure figure, String target) {
        return figure.value().apply(runsOf(target));
    }

    /** The peers Sluice is compared with (empty when Sluice did not run or ran alone). */
    public List<String> peers() {
        List<String> targets = targets();
        if (!targets.contains(REFERENCE)) {
            return List.of();
        }
        // A warm-up pass of a peer ("node-seed pass 1") is compared with Sluice's pass of the same number.
        return targets.stream().filter(t -> !t.equals(REFERENCE) && !t.startsWith(REFERENCE + " pass ")
                && targets.contains(referenceFor(t))).toList();
    }

    /** Sluice's label matching {@code peer}: "sluice pass k" for a peer's pass k, else "sluice". */
    static String referenceFor(String peer) {
        int pass = peer.indexOf(" pass ");
        return pass < 0 ? REFERENCE : REFERENCE + peer.substring(pass);
    }

    /** Sluice's value divided by the peer's, or NaN when either is missing or zero. */
    public double ratio(Figure figure, String peer) {
        double sluice = value(figure, referenceFor(peer));
        double other = value(figure, peer);
        if (Double.isNaN(sluice) || Double.isNaN(other) || other == 0) {
            return Double.NaN;
        }
        return sluice / other;
    }

    /** Per run: how busy client and target were on their CPUs and which side was saturated. */
    public List<String> saturation() {
        List<String> lines = new ArrayList<>();
        for (RunResult run : runs) {
            lines.add(String.format(java.util.Locale.ROOT,
                    "saturation, %s round %d: client %.0f%% of %d CPU(s) in %d process(es), target %.0f%% of %d"
                            + " CPU(s): %s", run.target(), run.round(), run.clientBusyPercent(),
                    run.client().cost().cpus(), run.client().cost().processes(), run.targetBusyPercent(),
                    run.figures().cpus(), run.saturatedSide().equals("neither") ? "neither side saturated"
                            : run.saturatedSide() + " saturated"));
        }
        return lines;
    }
}
