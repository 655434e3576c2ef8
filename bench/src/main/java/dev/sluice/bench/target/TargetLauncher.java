package dev.sluice.bench.target;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a target process on a free loopback port with the run's stage plan, and waits until its
 * {@code GET /healthz} answers 200 (or it dies, or 60 s pass).
 */
public final class TargetLauncher {

    private static final String STREAM_PATH = "/api/chat/stream";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private TargetLauncher() {
    }

    /** Starts (or, for external targets, resolves) the target described by {@code spec}. */
    public static RunningTarget start(TargetSpec spec, int stages, long delayMs) throws IOException, InterruptedException {
        return start(spec, stages, delayMs, List.of(), STREAM_PATH);
    }

    /**
     * Starts the target with {@code extraFlags} after the usual ones, streams served at {@code streamPath}
     * (Sluice with a sidecar {@code --route}, for instance).
     */
    public static RunningTarget start(TargetSpec spec, int stages, long delayMs, List<String> extraFlags,
                                      String streamPath) throws IOException, InterruptedException {
        return start(spec, stages, delayMs, extraFlags, streamPath, 0);
    }

    /**
     * As above, on {@code fixedPort} (0: a free one): for two processes that must know each other's address
     * before either starts (an app server that publishes back to the gateway in front of it).
     */
    public static RunningTarget start(TargetSpec spec, int stages, long delayMs, List<String> extraFlags,
                                      String streamPath, int fixedPort) throws IOException, InterruptedException {
        return start(spec, stages, delayMs, extraFlags, streamPath, fixedPort, 0);
    }

    /**
     * As above, its readiness read from {@code GET /healthz} on {@code healthPort} (0: the main port) in plain
     * HTTP: a gateway serving TLS on its main port answers health checks on its {@code --admin-port}.
     */
    public static RunningTarget start(TargetSpec spec, int stages, long delayMs, List<String> extraFlags,
                                      String streamPath, int fixedPort, int healthPort)
            throws IOException, InterruptedException {
        if (spec.kind() == TargetKind.EXTERNAL) {
            URI url = spec.externalUrl();
            int port = url.getPort() > 0 ? url.getPort() : 80;
            return new RunningTarget(TargetKind.EXTERNAL, null, url.getHost(), port,
                    url.getRawPath() == null || url.getRawPath().isEmpty() ? STREAM_PATH : url.getRawPath(), null, null);
        }
        Files.createDirectories(spec.workDir());
        int port = fixedPort > 0 ? fixedPort : freePort();
        // Processes sharing a port (--reuse-port) are told apart by their health (admin) port.
        String name = spec.kind().label() + "-" + port + (healthPort > 0 ? "-" + healthPort : "");
        Path outputLog = spec.workDir().resolve(name + ".log");
        Path gcLog = spec.kind().isJvm() ? spec.workDir().resolve(name + "-gc.log") : null;
        List<String> command = command(spec, port, stages, delayMs, gcLog);
        command.addAll(extraFlags);
        Process process = ChildProcesses.track(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(outputLog.toFile())
                .start());
        RunningTarget target = new RunningTarget(spec.kind(), process, "127.0.0.1", port, streamPath, gcLog, outputLog);
        try {
            awaitHealthy(target, healthPort > 0 ? healthPort : port, process, outputLog);
        } catch (IOException | RuntimeException | InterruptedException e) {
            target.close();
            throw e;
        }
        return target;
    }

    static List<String> command(TargetSpec spec, int port, int stages, long delayMs, Path gcLog) {
        List<String> command = new ArrayList<>(Affinity.prefix(spec.cpus()));
        switch (spec.kind()) {
            case NULL -> {
                command.add(spec.java().command());
                command.addAll(spec.jvmOptions());
                command.add("-Xlog:gc,gc+heap=debug:file=" + gcLog);
                command.add("-cp");
                command.add(System.getProperty("java.class.path"));
                command.add("dev.sluice.bench.cli.BenchMain");
                command.add("null-target");
                command.add("--port");
                command.add(Integer.toString(port));
            }
            case SLUICE, REACTOR_NETTY -> {
                Path jar = spec.kind() == TargetKind.SLUICE ? spec.gatewayJar() : spec.reactorNettyJar();
                requireFile(jar);
                command.add(spec.java().command());
                command.addAll(spec.jvmOptions());
                // gc+heap at debug logs the heap's used kilobytes before and after each collection, which
                // gives allocation to the kilobyte rather than the summary line's megabyte.
                command.add("-Xlog:gc,gc+heap=debug:file=" + gcLog);
                command.add("-jar");
                command.add(jar.toString());
                command.add("--port");
                command.add(Integer.toString(port));
                if (spec.kind() == TargetKind.SLUICE) {
                    command.add("--host");
                    command.add("127.0.0.1");
                }
            }
            case NODE_SEED -> {
                requireFile(spec.nodeSeedServer());
                command.add("node");
                command.add(spec.nodeSeedServer().toString());
                command.add("--port");
                command.add(Integer.toString(port));
            }
            default -> throw new IllegalArgumentException("not a startable target: " + spec.kind());
        }
        command.addAll(StagePlanFlags.forTarget(spec.kind(), stages, delayMs, spec.workDir()));
        return command;
    }

    /**
     * Fails now, before any run, when {@code spec}'s target is not built or installed: a compare that
     * finds a missing peer only after an hour of other targets' runs would lose them.
     */
    public static void requireInstalled(TargetSpec spec) {
        switch (spec.kind()) {
            case SLUICE -> requireFile(spec.gatewayJar());
            case REACTOR_NETTY -> requireFile(spec.reactorNettyJar());
            case NODE_SEED -> requireFile(spec.nodeSeedServer());
            default -> {
                // The null target is the bench itself; external targets are not started.
            }
        }
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("missing " + file.toAbsolutePath()
                    + " (build it first; see docs/BENCHMARKS.md, or point --root at the checkout)");
        }
    }

    private static void awaitHealthy(RunningTarget target, int healthPort, Process process, Path outputLog)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(target.kind().label() + " exited with " + process.exitValue()
                        + " before it was ready; its output:\n" + tail(outputLog));
            }
            if (OneShotGet.fetch(target.host(), healthPort, "/healthz", 2_000).status() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException(target.kind().label() + " not healthy within " + READY_TIMEOUT.toSeconds()
                + " s; its output:\n" + tail(outputLog));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /** A port free on loopback right now (the target binds it a moment later). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
