package dev.sluice.bench.cli;

import dev.sluice.bench.client.FileLimit;
import dev.sluice.bench.scenario.ScenarioSettings;

/** Refuses, before any process starts, a run that cannot fit in this machine's limits. */
final class Preflight {

    private Preflight() {
    }

    /** Most streams open at once: all of them in steady mode, else those arriving within a stream's life (+1 s). */
    static long peakStreams(ScenarioSettings s) {
        double life = s.stages() * s.stageDelayMs() / 1000.0 + 1;
        return s.steady() ? s.streams() : Math.min(s.streams(), (long) Math.ceil(s.rate() * life));
    }

    static void check(ScenarioSettings s) {
        if (s.streams() < 1 || s.rate() <= 0 || s.stages() < 1 || s.processes() < 1) {
            throw new IllegalArgumentException("streams, rate, stages and processes must be positive");
        }
        long peak = peakStreams(s);
        long perProcess = (long) Math.ceil(peak / (double) s.processes());
        long budget = FileLimit.streamsPerProcess();
        if (perProcess > budget) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "up to %d streams open at once need %d per client process with --processes %d, but one process"
                            + " may open %d files (about %d streams); use --processes %d",
                    peak, perProcess, s.processes(), FileLimit.maxOpenFiles(), budget,
                    (long) Math.ceil(peak / (double) budget)));
        }
        if (peak > budget) {
            System.err.printf("note: the target will hold up to %d connections; a target process is limited to"
                    + " its own open-files limit too%n", peak);
        }
    }

    /**
     * Refuses a run whose client, running inside the bench's own JVM, would need more sockets open at
     * once than this one process may open.
     *
     * @param what what those sockets are, for the message (e.g. "10000 subscribers")
     * @param remedy what to change instead
     */
    static void inProcessClient(double socketsAtOnce, String what, String remedy) {
        long budget = FileLimit.streamsPerProcess();
        if (socketsAtOnce > budget) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%s need more sockets at once than this process may open (%d files, about %d streams); %s",
                    what, FileLimit.maxOpenFiles(), budget, remedy));
        }
    }
}
