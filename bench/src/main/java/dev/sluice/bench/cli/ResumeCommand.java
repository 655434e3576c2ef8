package dev.sluice.bench.cli;

import dev.sluice.bench.resume.ResumeFigures;
import dev.sluice.bench.resume.ResumeResult;
import dev.sluice.bench.resume.ResumeRun;
import dev.sluice.bench.resume.ResumeSettings;
import dev.sluice.bench.target.RunningTarget;
import dev.sluice.bench.target.TargetKind;
import dev.sluice.bench.target.TargetLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code resume} scenario (SPEC 8): stage streams whose clients drop mid-stream and reconnect with
 * {@code Last-Event-ID}, checked to see every seq exactly once under one stream id, then {@code 204}.
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Streams cut mid-stream and resumed with Last-Event-ID: each seq exactly once, then 204.")
public final class ResumeCommand implements Callable<Integer> {

    @Option(names = "--targets", split = ",", defaultValue = "sluice",
            description = "Targets in round order (sluice, external). Default: ${DEFAULT-VALUE}.")
    List<String> targetNames;

    @Option(names = "--rounds", defaultValue = "1", description = "Rounds. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--streams", defaultValue = "2000", description = "Streams. Default: ${DEFAULT-VALUE}.")
    int streams;

    @Option(names = "--rate", defaultValue = "500", description = "Arrivals per second. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--stages", defaultValue = "6", description = "Stages per stream. Default: ${DEFAULT-VALUE}.")
    int stages;

    @Option(names = "--stage-delay-ms", defaultValue = "300", description = "Delay of each stage. Default: ${DEFAULT-VALUE}.")
    long stageDelayMs;

    @Option(names = "--drops", defaultValue = "2", description = "Mid-stream drops per stream. Default: ${DEFAULT-VALUE}.")
    int drops;

    @Option(names = "--reconnect-delay-ms", defaultValue = "100",
            description = "Pause before each reconnect (EventSource waits its retry). Default: ${DEFAULT-VALUE}.")
    long reconnectDelayMs;

    @Option(names = "--query-parameter", description = "Send ?lastEventId= instead of the Last-Event-ID header.")
    boolean queryParameter;

    @Option(names = "--slack-ms", defaultValue = "10000", description = "Grace past a stream's expected end. Default: ${DEFAULT-VALUE}.")
    long slackMs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the drop points. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    InProcessClientOptions client;

    @Mixin
    TargetOptions targets;

    @Override
    public Integer call() throws Exception {
        ResumeSettings settings = new ResumeSettings(streams, rate, stages, stageDelayMs, drops, reconnectDelayMs,
                slackMs, client.clientThreads, client.sourceAddresses, queryParameter, seed);
        double lifeSeconds = settings.expectedNanos() / 1e9;
        Preflight.inProcessClient(Math.min(streams, rate * lifeSeconds + rate), "the streams open at once",
                "lower --rate");
        String setup = InProcessClientSetup.pinAndDescribe(targets,
                "cold: each target a fresh process, no warm-up streams");
        Path dir = targets.outputDir("resume");
        ResumeRun run = new ResumeRun(System.err);
        RoundResults<ResumeResult> results = new RoundResults<>();
        for (int round = 1; round <= rounds; round++) {
            for (String name : targetNames) {
                TargetKind kind = TargetKind.byLabel(name);
                try (RunningTarget target = TargetLauncher.start(targets.spec(kind, dir), stages, stageDelayMs)) {
                    ResumeResult result = run.run(settings, target, kind.label(), round);
                    results.add(kind.label(), result,
                            result.failed() + (result.launched() - result.completed() - result.failed()));
                }
            }
        }
        return results.report(ResumeFigures.table(results.byLabel()), dir, setup);
    }
}
