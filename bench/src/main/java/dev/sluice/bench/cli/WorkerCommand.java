package dev.sluice.bench.cli;

import dev.sluice.bench.client.LoadClient;
import dev.sluice.bench.client.LoadPlan;
import dev.sluice.bench.report.ClientResultJson;
import dev.sluice.bench.stats.ClientResult;
import dev.sluice.bench.stats.LoadStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** One forked client process: runs its shard of a plan and writes its result as JSON. */
@Command(name = "worker", hidden = true, description = "Internal: one client process of a multi-process run.")
public final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "Where to write the result JSON.")
    Path out;

    @Unmatched
    List<String> planArgs;

    @Override
    public Integer call() throws Exception {
        LoadPlan plan = LoadPlan.fromArgs(planArgs);
        ClientResult result = new LoadClient(plan, new LoadStats()).run();
        Path partial = out.resolveSibling(out.getFileName() + ".part");
        Files.writeString(partial, ClientResultJson.toJson(result));
        Files.move(partial, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return 0;
    }
}
