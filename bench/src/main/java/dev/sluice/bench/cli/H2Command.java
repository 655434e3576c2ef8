package dev.sluice.bench.cli;

import dev.sluice.bench.edge.ClientTls;
import dev.sluice.bench.edge.EdgeFigures;
import dev.sluice.bench.edge.EdgeProtocol;
import dev.sluice.bench.edge.EdgeResult;
import dev.sluice.bench.edge.EdgeRun;
import dev.sluice.bench.edge.EdgeSettings;
import dev.sluice.bench.edge.TestCertificateFiles;
import dev.sluice.bench.target.TargetKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code h2} scenario (issue 9): the same concurrent stage streams over HTTP/1.1 in clear text, HTTP/1.1
 * over TLS and HTTP/2 over TLS (streams multiplexed over {@code --connections}), each protocol a fresh
 * gateway, side by side: time to first event, gateway CPU and live heap per open stream.
 */
@Command(name = "h2", mixinStandardHelpOptions = true,
        description = "Stage streams over h1 (clear and TLS) and h2 (TLS, multiplexed): TTFE, CPU and live heap per stream.")
public final class H2Command implements Callable<Integer> {

    @Option(names = "--protocols", split = ",", defaultValue = "h2,h1,h1c",
            description = "Protocols in round order (h2, h1, h1c); the first is compared. Default: ${DEFAULT-VALUE}.")
    List<String> protocolNames;

    @Option(names = "--rounds", defaultValue = "1", description = "Rounds. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--streams", defaultValue = "5000", description = "Streams. Default: ${DEFAULT-VALUE}.")
    int streams;

    @Option(names = "--rate", defaultValue = "1000", description = "Arrivals per second. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--stages", defaultValue = "6", description = "Stages per stream. Default: ${DEFAULT-VALUE}.")
    int stages;

    @Option(names = "--stage-delay-ms", defaultValue = "2000",
            description = "Delay of each stage (streams stay open while the heap is measured). Default: ${DEFAULT-VALUE}.")
    long stageDelayMs;

    @Option(names = "--connections", defaultValue = "100",
            description = "HTTP/2 connections the streams share. Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--slack-ms", defaultValue = "15000", description = "Grace past a stream's end. Default: ${DEFAULT-VALUE}.")
    long slackMs;

    @Option(names = "--heap-probe", negatable = true, defaultValue = "true",
            description = "Measure live heap per open stream (two forced GCs per run). Default: ${DEFAULT-VALUE}.")
    boolean heapProbe;

    @Mixin
    InProcessClientOptions client;

    @Mixin
    SluiceFlagsOption sluiceFlags;

    @Mixin
    TargetOptions targets;

    @Override
    public Integer call() throws Exception {
        EdgeSettings settings = new EdgeSettings(streams, rate, stages, stageDelayMs, connections, slackMs,
                client.clientThreads, client.sourceAddresses, heapProbe);
        Preflight.inProcessClient(streams, streams + " streams", "lower --streams");
        String setup = InProcessClientSetup.pinAndDescribe(targets,
                "cold: each protocol a fresh gateway, no warm-up; " + ClientTls.describe());
        Path dir = targets.outputDir("h2");
        TestCertificateFiles cert = TestCertificateFiles.create(dir);
        List<String> extra = sluiceFlags.list();
        EdgeRun run = new EdgeRun(System.err);
        RoundResults<EdgeResult> results = new RoundResults<>();
        for (int round = 1; round <= rounds; round++) {
            for (String name : protocolNames) {
                EdgeProtocol protocol = EdgeProtocol.byLabel(name);
                EdgeResult result = run.run(settings, protocol, targets.spec(TargetKind.SLUICE, dir), cert, extra, round);
                results.add(protocol.label(), result, result.launched() - result.completed());
            }
        }
        return results.report(EdgeFigures.streams(results.byLabel()), dir, setup);
    }
}
