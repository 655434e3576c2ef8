package dev.sluice.bench.cli;

import java.lang.management.ManagementFactory;

/**
 * The setup line of the scenarios whose clients run inside the bench's own JVM (fanout, resume, sidecar
 * hold): the bench pins itself to {@code --client-cpus} ({@link TargetOptions#clientLaunch()}), so the
 * pinning and JVM options shown are the bench process's own.
 */
final class InProcessClientSetup {

    private InProcessClientSetup() {
    }

    /** Pins the bench (and so its clients) to the client CPUs; returns the report's setup line. */
    static String pinAndDescribe(TargetOptions targets, String warmth) throws java.io.IOException, InterruptedException {
        targets.clientLaunch();
        String clientJvm = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
        return "pinning: target " + (targets.targetCpus == null ? "unpinned" : "taskset -c " + targets.targetCpus)
                + ", client (in the bench's JVM" + (clientJvm.isEmpty() ? "" : ": " + clientJvm) + ") "
                + (targets.clientCpus == null ? "unpinned" : "taskset -c " + targets.clientCpus)
                + "; JVM targets: " + targets.jvmOptions + "; " + warmth;
    }
}
