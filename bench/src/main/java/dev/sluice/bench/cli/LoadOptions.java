package dev.sluice.bench.cli;

import dev.sluice.bench.scenario.ScenarioSettings;
import picocli.CommandLine.Option;

/** Overrides of a scenario's settings; an option not given keeps the scenario's default. */
public final class LoadOptions {

    @Option(names = "--streams", description = "Streams in the run (steady mode: concurrency kept).")
    Integer streams;

    @Option(names = "--rate", description = "Arrivals per second.")
    Double rate;

    @Option(names = "--steady", negatable = true,
            description = "Replace every ended stream at once until --duration has passed.")
    Boolean steady;

    @Option(names = "--duration", description = "Seconds a steady run keeps replacing streams.")
    Double durationSeconds;

    @Option(names = "--stages", description = "Stages per stream (events = stages + 1).")
    Integer stages;

    @Option(names = "--stage-delay-ms", description = "Delay of every stage on the target.")
    Long stageDelayMs;

    @Option(names = "--leave-fraction", description = "Share of streams the client abandons at a random point (0..1).")
    Double leaveFraction;

    @Option(names = "--get", description = "Open streams with GET ?message= instead of POST with a JSON body.")
    Boolean get;

    @Option(names = "--message", description = "Message sent with every stream.")
    String message;

    @Option(names = "--processes", description = "Client processes (each has its own open-files budget);"
            + " 0: one per client CPU (firehose's default).")
    Integer processes;

    @Option(names = "--source-addresses", description = "Loopback source addresses per client process.")
    Integer sourceAddresses;

    @Option(names = "--client-threads", description = "Event loop threads per client process.")
    Integer clientThreads;

    @Option(names = "--slack-ms", description = "Grace past a stream's due end before it counts as timed out.")
    Long slackMs;

    @Option(names = "--sample-ms", description = "Timeline sampling interval.")
    Long sampleMs;

    @Option(names = "--heap-probe", negatable = true, description = "Measure live heap per open stream (JVM targets).")
    Boolean heapProbe;

    @Option(names = "--allocation", negatable = true, description = "Measure allocation per event (JVM targets).")
    Boolean allocation;

    /** {@code defaults} with every given option applied; 0 processes become {@code clientCpus}. */
    public ScenarioSettings apply(ScenarioSettings d, int clientCpus) {
        ScenarioSettings s = apply(d);
        if (s.processes() != 0) {
            return s;
        }
        return new ScenarioSettings(s.streams(), s.rate(), s.steady(), s.durationMs(), s.stages(), s.stageDelayMs(),
                s.leaveFraction(), s.post(), s.message(), Math.max(1, clientCpus), s.sourceAddresses(),
                s.clientThreads(), s.slackMs(), s.sampleMs(), s.heapProbe(), s.measureAllocation());
    }

    /** {@code defaults} with every given option applied. */
    public ScenarioSettings apply(ScenarioSettings d) {
        return new ScenarioSettings(
                streams != null ? streams : d.streams(),
                rate != null ? rate : d.rate(),
                steady != null ? steady : d.steady(),
                durationSeconds != null ? (long) (durationSeconds * 1000) : d.durationMs(),
                stages != null ? stages : d.stages(),
                stageDelayMs != null ? stageDelayMs : d.stageDelayMs(),
                leaveFraction != null ? leaveFraction : d.leaveFraction(),
                get != null ? !get : d.post(),
                message != null ? message : d.message(),
                processes != null ? processes : d.processes(),
                sourceAddresses != null ? sourceAddresses : d.sourceAddresses(),
                clientThreads != null ? clientThreads : d.clientThreads(),
                slackMs != null ? slackMs : d.slackMs(),
                sampleMs != null ? sampleMs : d.sampleMs(),
                heapProbe != null ? heapProbe : d.heapProbe(),
                allocation != null ? allocation : d.measureAllocation());
    }
}
