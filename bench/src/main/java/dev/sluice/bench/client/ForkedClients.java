package dev.sluice.bench.client;

import dev.sluice.bench.report.ClientResultJson;
import dev.sluice.bench.stats.ClientResult;
import dev.sluice.bench.target.ChildProcesses;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a plan in one or more client JVMs started as {@link ClientLaunch} says (each with its own open-files budget), one shard each, all
 * starting at the same wall-clock instant; merges their results, histograms included.
 */
public final class ForkedClients {

    private ForkedClients() {
    }

    /** Runs {@code plan} in {@code processes} shards starting at {@code startAtEpochMs}; logs go to {@code workDir}. */
    public static ClientResult run(LoadPlan plan, int processes, long startAtEpochMs, Path workDir,
                                   ClientLaunch launch) throws IOException, InterruptedException {
        List<Process> children = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < processes; i++) {
                Path out = workDir.resolve("client-" + i + ".json");
                Files.deleteIfExists(out);
                List<String> command = launch.command();
                command.addAll(List.of("worker", "--out", out.toString()));
                command.addAll(plan.shard(i, processes, startAtEpochMs).toArgs());
                children.add(ChildProcesses.track(new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(workDir.resolve("client-" + i + ".log").toFile()).start()));
                outputs.add(out);
            }
            long limitMs = startAtEpochMs - System.currentTimeMillis()
                    + TimeUnit.NANOSECONDS.toMillis(plan.hardLimitNanos()) + 30_000;
            ClientResult merged = null;
            for (int i = 0; i < processes; i++) {
                Process child = children.get(i);
                if (!child.waitFor(Math.max(1_000, limitMs), TimeUnit.MILLISECONDS) || child.exitValue() != 0) {
                    throw new IOException("client process " + i + " failed; see " + workDir.resolve("client-" + i + ".log"));
                }
                ClientResult result = ClientResultJson.parse(Files.readString(outputs.get(i)));
                merged = merged == null ? result : merged.merge(result);
            }
            return merged;
        } finally {
            for (Process child : children) {
                ChildProcesses.stop(child, 5);
            }
        }
    }
}
