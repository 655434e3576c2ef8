package dev.sluice.bench.cli;

import dev.sluice.bench.restart.RestartFigures;
import dev.sluice.bench.restart.RestartResult;
import dev.sluice.bench.restart.RestartRun;
import dev.sluice.bench.restart.RestartSettings;
import dev.sluice.bench.target.TargetKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The {@code restart} scenario (issue 10): a rolling restart with {@code --reuse-port} under a steady
 * stream of arrivals, counting refused connections and cut streams.
 */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Rolling restart under load with --reuse-port: refused connections and cut streams (target 0).")
public final class RestartCommand implements Callable<Integer> {

    @Option(names = "--rate", defaultValue = "200", description = "Arrivals per second. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--duration", defaultValue = "30", description = "Seconds of arrivals. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--restarts", defaultValue = "2", description = "Restarts during the load. Default: ${DEFAULT-VALUE}.")
    int restarts;

    @Option(names = "--stages", defaultValue = "6", description = "Stages per stream. Default: ${DEFAULT-VALUE}.")
    int stages;

    @Option(names = "--stage-delay-ms", defaultValue = "500",
            description = "Delay of each stage (streams must fit the drain deadline). Default: ${DEFAULT-VALUE}.")
    long stageDelayMs;

    @Option(names = "--slack-ms", defaultValue = "15000", description = "Grace past a stream's end. Default: ${DEFAULT-VALUE}.")
    long slackMs;

    @Mixin
    InProcessClientOptions client;

    @Mixin
    SluiceFlagsOption sluiceFlags;

    @Mixin
    TargetOptions targets;

    @Override
    public Integer call() throws Exception {
        RestartSettings settings = new RestartSettings(rate, seconds, restarts, stages, stageDelayMs, slackMs,
                client.clientThreads, client.sourceAddresses);
        String migrate = migrateSetting();
        String setup = InProcessClientSetup.pinAndDescribe(targets, "cold: fresh processes, no warm-up;"
                + " net.ipv4.tcp_migrate_req=" + migrate);
        Path dir = targets.outputDir("restart");
        RestartResult result = new RestartRun(System.err).run(settings, targets.spec(TargetKind.SLUICE, dir),
                sluiceFlags.list());
        SideBySideReport.emit(RestartFigures.table(result), dir, setup);
        return result.failed() == 0 && result.completed() == result.launched() ? 0 : 3;
    }

    /** The kernel setting that lets a closing SO_REUSEPORT listener hand its queued connections over. */
    private static String migrateSetting() {
        try {
            return Files.readString(Path.of("/proc/sys/net/ipv4/tcp_migrate_req")).trim();
        } catch (java.io.IOException e) {
            return "unreadable";
        }
    }
}
