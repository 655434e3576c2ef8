package dev.sluice.bench.target;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * How to start (or reach) one target.
 *
 * @param kind        which server
 * @param root        the Sluice checkout: gateway/target/sluice-gateway.jar and bench/peers/ are found under it
 * @param jvmOptions  JVM options for JVM targets (the same for Sluice and reactor-netty, for a fair comparison)
 * @param externalUrl the stream URL of an {@link TargetKind#EXTERNAL} target, else null
 * @param workDir     where logs, GC logs and generated config files go
 * @param java        the Java runtime of JVM targets
 * @param cpus        the CPU list the target is pinned to ({@code taskset -c}), or null for none
 */
public record TargetSpec(TargetKind kind, Path root, List<String> jvmOptions, URI externalUrl, Path workDir,
                         JavaRuntime java, String cpus) {

    /** A spec on the bench's own Java, unpinned. */
    public TargetSpec(TargetKind kind, Path root, List<String> jvmOptions, URI externalUrl, Path workDir) {
        this(kind, root, jvmOptions, externalUrl, workDir, JavaRuntime.current(), null);
    }

    /** This spec pinned to {@code otherCpus} instead ({@code taskset -c}); null: unpinned. */
    public TargetSpec withCpus(String otherCpus) {
        return new TargetSpec(kind, root, jvmOptions, externalUrl, workDir, java, otherCpus);
    }

    /** One line for reports: the target's runtime and pinning. */
    public String describe() {
        String runtime = kind.isJvm() ? "Java " + java.featureVersion() + " " + String.join(" ", jvmOptions)
                : kind == TargetKind.EXTERNAL ? "external" : "node";
        return "target: " + runtime + (cpus == null ? ", unpinned" : ", taskset -c " + cpus);
    }

    /** The runnable gateway jar. */
    public Path gatewayJar() {
        return root.resolve("gateway/target/sluice-gateway.jar");
    }

    /** The Node peer's entry point. */
    public Path nodeSeedServer() {
        return root.resolve("bench/peers/node-seed/server.js");
    }

    /** The reactor-netty peer's runnable jar. */
    public Path reactorNettyJar() {
        return root.resolve("bench/peers/reactor-netty/target/reactor-netty-peer.jar");
    }
}
