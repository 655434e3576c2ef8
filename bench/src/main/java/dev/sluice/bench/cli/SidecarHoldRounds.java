package dev.sluice.bench.cli;

import dev.sluice.bench.hold.HoldFigures;
import dev.sluice.bench.hold.HoldMode;
import dev.sluice.bench.hold.HoldResult;
import dev.sluice.bench.hold.HoldRun;
import dev.sluice.bench.hold.HoldSettings;
import dev.sluice.bench.report.MachineDescription;
import dev.sluice.bench.report.SideBySideTable;
import dev.sluice.bench.scenario.ScenarioSettings;
import dev.sluice.bench.target.TargetKind;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code sidecar --mode hold}: the hold and relay modes in interleaved rounds, with hold ÷ relay ratios. */
final class SidecarHoldRounds {

    private final List<HoldMode> modes;
    private final int rounds;
    private final String token;
    private final List<String> sluiceFlags;
    private final int holdUpstreamMaxConnections;
    private final TargetOptions targets;

    SidecarHoldRounds(List<String> modeNames, int rounds, String token, String sluiceFlags,
            int holdUpstreamMaxConnections, TargetOptions targets) {
        this.modes = modeNames.stream().map(HoldMode::byLabel).toList();
        this.rounds = rounds;
        this.token = token;
        this.sluiceFlags = sluiceFlags.isBlank() ? List.of() : Arrays.asList(sluiceFlags.trim().split("\\s+"));
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
        Map<String, List<HoldResult>> results = new LinkedHashMap<>();
        long failed = 0;
        for (int round = 1; round <= rounds; round++) {
            for (HoldMode mode : modes) {
                HoldResult result = run.run(settings, mode, targets.spec(TargetKind.SLUICE, dir),
                        targets.spec(TargetKind.NODE_SEED, dir), round);
                results.computeIfAbsent(mode.label(), k -> new ArrayList<>()).add(result);
                failed += result.failed() + (result.launched() - result.completed() - result.failed());
            }
        }
        SideBySideTable<List<HoldResult>> table = HoldFigures.table(results);
        String machine = MachineDescription.describe() + "\n" + setup;
        table.print(System.out, BenchMain.commandLine(), machine);
        Path json = dir.resolve("report.json");
        table.writeJson(json, BenchMain.commandLine(), machine);
        System.out.println("report: " + json.toAbsolutePath());
        return failed == 0 ? 0 : 3;
    }
}
