package dev.sluice.bench.cli;

import dev.sluice.bench.hold.HoldFigures;
import dev.sluice.bench.hold.HoldMode;
import dev.sluice.bench.hold.HoldResult;
import dev.sluice.bench.hold.HoldRun;
import dev.sluice.bench.hold.HoldSettings;
import dev.sluice.bench.scenario.ScenarioSettings;
import dev.sluice.bench.target.TargetKind;

import java.nio.file.Path;
import java.util.List;

/** {@code sidecar --mode hold}: the hold and relay modes in interleaved rounds, with hold ÷ relay ratios. */
final class SidecarHoldRounds {

    private final List<HoldMode> modes;
    private final int rounds;
    private final String token;
    private final List<String> sluiceFlags;
    private final int holdUpstreamMaxConnections;
    private final TargetOptions targets;

    SidecarHoldRounds(List<String> modeNames, int rounds, String token, List<String> sluiceFlags,
            int holdUpstreamMaxConnections, TargetOptions targets) {
        this.modes = modeNames.stream().map(HoldMode::byLabel).toList();
        this.rounds = rounds;
        this.token = token;
        this.sluiceFlags = sluiceFlags;
        this.holdUpstreamMaxConnections = holdUpstreamMaxConnections;
        this.targets = targets;
    }

    int run(ScenarioSettings s) throws Exception {
        HoldSettings settings = new HoldSettings(s.streams(), s.rate(), s.stages(), s.stageDelayMs(), s.slackMs(),
                s.clientThreads(), s.sourceAddresses(), token, sluiceFlags,
                holdUpstreamMaxConnections);
        String setup = InProcessClientSetup.pinAndDescribe(targets,
                "cold: app server and Sluice fresh processes per run, no warm-up streams");
        Path dir = targets.outputDir("sidecar-hold");
        HoldRun run = new HoldRun(System.err);
        RoundResults<HoldResult> results = new RoundResults<>();
        for (int round = 1; round <= rounds; round++) {
            for (HoldMode mode : modes) {
                HoldResult result = run.run(settings, mode, targets.spec(TargetKind.SLUICE, dir),
                        targets.spec(TargetKind.NODE_SEED, dir), round);
                results.add(mode.label(), result,
                        result.failed() + (result.launched() - result.completed() - result.failed()));
            }
        }
        return results.report(HoldFigures.table(results.byLabel()), dir, setup);
    }
}
