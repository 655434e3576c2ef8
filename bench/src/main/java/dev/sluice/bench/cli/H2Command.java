package dev.sluice.bench.cli;

import dev.sluice.bench.client.FileLimit;
import dev.sluice.bench.edge.ClientTls;
import dev.sluice.bench.edge.EdgeFigures;
import dev.sluice.bench.edge.EdgeProtocol;
import dev.sluice.bench.edge.EdgeResult;
import dev.sluice.bench.edge.EdgeRun;
import dev.sluice.bench.edge.EdgeSettings;
import dev.sluice.bench.edge.TestCertificateFiles;
import dev.sluice.bench.report.MachineDescription;
import dev.sluice.bench.report.SideBySideTable;
import dev.sluice.bench.target.TargetKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Option(names = "--client-threads", defaultValue = "1", description = "Client event loop threads. Default: ${DEFAULT-VALUE}.")
    int clientThreads;

    @Option(names = "--source-addresses", defaultValue = "8", description = "Loopback source addresses. Default: ${DEFAULT-VALUE}.")
    int sourceAddresses;

    @Option(names = "--slack-ms", defaultValue = "15000", description = "Grace past a stream's end. Default: ${DEFAULT-VALUE}.")
    long slackMs;

    @Option(names = "--heap-probe", negatable = true, defaultValue = "true",
            description = "Measure live heap per open stream (two forced GCs per run). Default: ${DEFAULT-VALUE}.")
    boolean heapProbe;

    @Option(names = "--sluice-flags", defaultValue = "", description = "Extra gateway flags, space-separated.")
    String sluiceFlags;

    @Mixin
    TargetOptions targets;

    @Override
    public Integer call() throws Exception {
        EdgeSettings settings = new EdgeSettings(streams, rate, stages, stageDelayMs, connections, slackMs,
                clientThreads, sourceAddresses, heapProbe);
        if (streams > FileLimit.streamsPerProcess()) {
            throw new IllegalArgumentException(streams + " streams need more sockets than one process may open");
        }
        String setup = InProcessClientSetup.pinAndDescribe(targets,
                "cold: each protocol a fresh gateway, no warm-up; " + ClientTls.describe());
        Path dir = targets.outputDir("h2");
        TestCertificateFiles cert = TestCertificateFiles.create(dir);
        List<String> extra = sluiceFlags.isBlank() ? List.of() : Arrays.asList(sluiceFlags.trim().split("\\s+"));
        EdgeRun run = new EdgeRun(System.err);
        Map<String, List<EdgeResult>> results = new LinkedHashMap<>();
        long failed = 0;
        for (int round = 1; round <= rounds; round++) {
            for (String name : protocolNames) {
                EdgeProtocol protocol = EdgeProtocol.byLabel(name);
                EdgeResult result = run.run(settings, protocol, targets.spec(TargetKind.SLUICE, dir), cert, extra, round);
                results.computeIfAbsent(protocol.label(), k -> new ArrayList<>()).add(result);
                failed += result.launched() - result.completed();
            }
        }
        SideBySideTable<List<EdgeResult>> table = EdgeFigures.streams(results);
        String machine = MachineDescription.describe() + "\n" + setup;
        table.print(System.out, BenchMain.commandLine(), machine);
        Path json = dir.resolve("report.json");
        table.writeJson(json, BenchMain.commandLine(), machine);
        System.out.println("report: " + json.toAbsolutePath());
        return failed == 0 ? 0 : 3;
    }
}
