package dev.sluice.bench.cli;

import dev.sluice.bench.fanout.FanoutFigures;
import dev.sluice.bench.fanout.FanoutResult;
import dev.sluice.bench.fanout.FanoutRun;
import dev.sluice.bench.fanout.FanoutSettings;
import dev.sluice.bench.target.RedisServer;
import dev.sluice.bench.target.RunningTarget;
import dev.sluice.bench.target.TargetKind;
import dev.sluice.bench.target.TargetLauncher;
import dev.sluice.bench.target.TargetSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code fanout} scenario: S subscribers on C channels of each target's channel API (SPEC 9), a
 * publisher per channel at a fixed rate, every subscriber checked to get every event once and in order;
 * delivery latency from each event's intended publish time. Targets run interleaved in rounds, each a
 * fresh process, with the first target ÷ each other as ratios.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
        description = "Subscribers on channels, a publisher at a rate: delivery latency, events/s, CPU per"
                + " delivered event, RSS per subscriber (Sluice vs node-seed by default).")
public final class FanoutCommand implements Callable<Integer> {

    @Option(names = "--targets", split = ",", defaultValue = "sluice,node-seed",
            description = "Targets in round order: sluice, node-seed, external, or sluice-redis (--bus-nodes gateways"
                    + " sharing channels through a redis-server the bench starts: subscribers spread over the nodes,"
                    + " publishers on the first). Default: ${DEFAULT-VALUE}.")
    List<String> targetNames;

    @Option(names = "--bus-nodes", defaultValue = "2", description = "Gateways of sluice-redis. Default: ${DEFAULT-VALUE}.")
    int busNodes;

    @Option(names = "--rounds", defaultValue = "1", description = "Rounds over all targets. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--subscribers", defaultValue = "10000", description = "Subscribers in all. Default: ${DEFAULT-VALUE}.")
    int subscribers;

    @Option(names = "--channels", defaultValue = "1", description = "Channels the subscribers spread over. Default: ${DEFAULT-VALUE}.")
    int channels;

    @Option(names = "--rate", defaultValue = "5", description = "Events per second on each channel. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--events", defaultValue = "60", description = "Measured events per channel. Default: ${DEFAULT-VALUE}.")
    int events;

    @Option(names = "--warm-up-events", defaultValue = "20",
            description = "Events per channel before the measured ones (checked, not timed). Default: ${DEFAULT-VALUE}.")
    int warmUpEvents;

    @Option(names = "--connect-rate", defaultValue = "2000", description = "Subscribers connected per second. Default: ${DEFAULT-VALUE}.")
    double connectRate;

    @Option(names = "--pad-bytes", defaultValue = "64", description = "Padding in each event's data. Default: ${DEFAULT-VALUE}.")
    int padBytes;

    @Option(names = "--slack-ms", defaultValue = "10000",
            description = "Grace after the last intended publish before a subscriber counts as timed out. Default: ${DEFAULT-VALUE}.")
    long slackMs;

    @Option(names = "--token", defaultValue = "bench-publish-token", description = "Publish token. Default: ${DEFAULT-VALUE}.")
    String token;

    @Option(names = "--heap-probe", negatable = true, defaultValue = "false",
            description = "Measure live heap per subscriber of JVM targets (two forced GCs per run).")
    boolean heapProbe;

    @Mixin
    InProcessClientOptions client;

    @Mixin
    SluiceFlagsOption sluiceFlags;

    @Mixin
    TargetOptions targets;

    @Override
    public Integer call() throws Exception {
        FanoutSettings settings = new FanoutSettings(subscribers, channels, rate, events, warmUpEvents, connectRate,
                padBytes, client.clientThreads, client.sourceAddresses, slackMs, token, heapProbe);
        Preflight.inProcessClient(subscribers, subscribers + " subscribers", "lower --subscribers");
        String setup = InProcessClientSetup.pinAndDescribe(targets, "warm-up: " + warmUpEvents
                + " event(s) per channel published and checked before the measured ones; each target a fresh process");
        Path dir = targets.outputDir("fanout");
        FanoutRun run = new FanoutRun(System.err);
        RoundResults<FanoutResult> results = new RoundResults<>();
        for (int round = 1; round <= rounds; round++) {
            for (String name : targetNames) {
                if (SLUICE_REDIS.equals(name)) {
                    FanoutResult result = runOverRedis(run, settings, dir, round);
                    results.add(name, result, failures(result));
                    continue;
                }
                TargetKind kind = TargetKind.byLabel(name);
                TargetSpec spec = targets.spec(kind, dir);
                try (RunningTarget target = TargetLauncher.start(spec, 6, 0, flags(kind), "/api/channels")) {
                    FanoutResult result = run.run(settings, target, kind.label(), round);
                    results.add(kind.label(), result, failures(result));
                }
            }
        }
        return results.report(FanoutFigures.table(results.byLabel()), dir, setup);
    }

    /** Failed subscribers, plus one when deliveries went missing. */
    private static long failures(FanoutResult result) {
        return result.failed() + (result.delivered() == result.expectedDeliveries() ? 0 : 1);
    }

    private static final String SLUICE_REDIS = "sluice-redis";

    /** {@code --bus-nodes} gateways on their own ports, all with {@code --bus} to one fresh redis-server. */
    private FanoutResult runOverRedis(FanoutRun run, FanoutSettings settings, Path dir, int round) throws Exception {
        List<RunningTarget> nodes = new ArrayList<>();
        try (RedisServer redis = RedisServer.start(dir)) {
            try {
                for (int i = 0; i < busNodes; i++) {
                    List<String> flags = new ArrayList<>(flags(TargetKind.SLUICE));
                    flags.addAll(List.of("--bus", redis.url()));
                    nodes.add(TargetLauncher.start(targets.spec(TargetKind.SLUICE, dir), 6, 0, flags, "/api/channels"));
                }
                return run.run(settings, nodes, SLUICE_REDIS, round);
            } finally {
                nodes.forEach(RunningTarget::close);
            }
        }
    }

    private List<String> flags(TargetKind kind) {
        List<String> flags = new ArrayList<>(List.of("--publish-token", token));
        if (kind == TargetKind.SLUICE) {
            flags.addAll(sluiceFlags.list());
        }
        return kind == TargetKind.EXTERNAL ? List.of() : flags;
    }
}
