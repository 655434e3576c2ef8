package dev.sluice.bench.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The command-line flags that make a target serve {@code stages} stages of {@code delayMs} each.
 * Peers take {@code --stages N}; Sluice takes a plan {@code id:progress:delayMs}, which for the default
 * six stages is its built-in plan, and otherwise is generated ({@code s1:0:0,s2:0:0,...}). A plan too
 * long for one argument goes through Sluice's {@code --config} properties file.
 */
public final class StagePlanFlags {

    /** Stages in the default plan (init, intent, retrieve, reason, generate, finalize). */
    public static final int DEFAULT_STAGES = 6;

    private static final int LONGEST_ARGUMENT = 8_000;

    private StagePlanFlags() {
    }

    /** Flags for {@code kind}; {@code workDir} receives a config file when one is needed. */
    public static List<String> forTarget(TargetKind kind, int stages, long delayMs, Path workDir) {
        List<String> flags = new ArrayList<>(List.of("--stage-delay-ms", Long.toString(delayMs)));
        if (kind != TargetKind.SLUICE) {
            flags.add("--stages");
            flags.add(Integer.toString(stages));
            return flags;
        }
        if (stages == DEFAULT_STAGES) {
            return flags;
        }
        String plan = sluicePlan(stages, delayMs);
        if (plan.length() <= LONGEST_ARGUMENT) {
            flags.add("--stages");
            flags.add(plan);
            return flags;
        }
        try {
            Path config = Files.createTempFile(workDir, "sluice-plan-", ".properties");
            Files.writeString(config, "stages=" + plan + "\n");
            flags.add("--config");
            flags.add(config.toString());
            return flags;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code s1:p1:d,s2:p2:d,...} with progress rising evenly to 100. */
    public static String sluicePlan(int stages, long delayMs) {
        StringJoiner plan = new StringJoiner(",");
        for (int k = 1; k <= stages; k++) {
            plan.add("s" + k + ":" + (k * 100 / stages) + ":" + delayMs);
        }
        return plan.toString();
    }
}
