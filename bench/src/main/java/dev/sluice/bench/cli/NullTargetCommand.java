package dev.sluice.bench.cli;

import dev.sluice.bench.client.ClientTransport;
import dev.sluice.bench.nulltarget.NullTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** The bench's own trivial SSE server, started by the bench as the {@code null} target. */
@Command(name = "null-target", hidden = true, description = "Internal: a trivial SSE server (the null target).")
public final class NullTargetCommand implements Callable<Integer> {

    @Option(names = "--port", required = true)
    int port;

    @Option(names = "--stages", defaultValue = "6")
    int stages;

    @Option(names = "--stage-delay-ms", defaultValue = "150")
    long stageDelayMs;

    @Override
    public Integer call() throws Exception {
        NullTarget.serve(ClientTransport.best(), port, stages, stageDelayMs);
        return 0;
    }
}
