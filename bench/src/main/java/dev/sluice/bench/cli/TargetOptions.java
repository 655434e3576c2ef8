package dev.sluice.bench.cli;

import dev.sluice.bench.client.ClientLaunch;
import dev.sluice.bench.target.Affinity;
import dev.sluice.bench.target.JavaRuntime;
import dev.sluice.bench.target.TargetKind;
import dev.sluice.bench.target.TargetSpec;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/** Where targets come from and where results go. */
public final class TargetOptions {

    @Option(names = "--root", description = "The Sluice checkout holding gateway/target and bench/peers "
            + "(default: found from the bench jar's location, else the current directory).")
    Path root;

    @Option(names = "--url", description = "Stream URL of an external target, e.g. http://127.0.0.1:9000/api/chat/stream.")
    URI url;

    @Option(names = "--jvm-opts", defaultValue = "-Xmx2g",
            description = "JVM options for JVM targets (Sluice and reactor-netty alike). Default: ${DEFAULT-VALUE}.")
    String jvmOptions;

    @Option(names = "--target-cpus", description = "Pin every target process to these CPUs (taskset -c), e.g. 0.")
    String targetCpus;

    @Option(names = "--client-cpus", description = "Pin the client processes (and the bench itself) to these CPUs"
            + " (taskset -c), e.g. 1.")
    String clientCpus;

    @Option(names = "--target-java", description = "Java for JVM targets: a bin/java or a Java home"
            + " (default: the bench's own).")
    Path targetJava;

    @Option(names = "--client-java", description = "Java for the client processes (default: the bench's own).")
    Path clientJava;

    @Option(names = "--client-jvm-opts", description = "JVM options of the client processes (default: -Xmx1g"
            + " -XX:+UseZGC, plus -XX:+ZGenerational on Java 21-22).")
    String clientJvmOptions;

    @Option(names = "--out", description = "Directory for the JSON and HTML reports and target logs "
            + "(default: bench-results/<scenario>-<time>).")
    Path out;

    /** The spec of target {@code kind}. */
    public TargetSpec spec(TargetKind kind, Path workDir) {
        if (kind == TargetKind.EXTERNAL && url == null) {
            throw new IllegalArgumentException("the external target needs --url");
        }
        List<String> jvm = jvmOptions.isBlank() ? List.of() : Arrays.asList(jvmOptions.trim().split("\\s+"));
        JavaRuntime java = targetJava == null ? JavaRuntime.current() : JavaRuntime.of(targetJava);
        return new TargetSpec(kind, resolveRoot(), jvm, url, workDir, java, targetCpus);
    }

    /** How the client processes start; pins the bench itself to the client's CPUs too, so that its sampling and
     *  its {@code jcmd} probes never run on the target's. */
    public ClientLaunch clientLaunch() throws java.io.IOException, InterruptedException {
        Affinity.pinSelf(clientCpus);
        JavaRuntime java = clientJava == null ? JavaRuntime.current() : JavaRuntime.of(clientJava);
        return ClientLaunch.of(java, clientJvmOptions, clientCpus);
    }

    /** The pinning and runtimes of a run, one line for reports. */
    public String describeSetup(ClientLaunch clients) {
        JavaRuntime java = targetJava == null ? JavaRuntime.current() : JavaRuntime.of(targetJava);
        return "pinning: target " + (targetCpus == null ? "unpinned" : "taskset -c " + targetCpus)
                + ", client " + (clientCpus == null ? "unpinned" : "taskset -c " + clientCpus)
                + "; JVM targets: Java " + java.featureVersion() + " " + jvmOptions + "; " + clients.describe();
    }

    /** CPUs a target may use: the pinned set's size, else the machine's. */
    public int targetCpuCount() {
        return Affinity.count(targetCpus, Runtime.getRuntime().availableProcessors());
    }

    /** The output directory, created. */
    public Path outputDir(String scenario) throws java.io.IOException {
        Path dir = out != null ? out : Path.of("bench-results",
                scenario + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        return Files.createDirectories(dir);
    }

    private Path resolveRoot() {
        if (root != null) {
            return root;
        }
        try {
            Path jar = Path.of(TargetOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // <root>/bench/target/sluice-bench.jar or <root>/bench/target/classes
            Path candidate = jar.getParent() == null ? null : jar.getParent().getParent();
            candidate = candidate == null ? null : candidate.getParent();
            if (candidate != null && Files.isDirectory(candidate.resolve("gateway"))) {
                return candidate;
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // Fall back to the working directory.
        }
        return Path.of(".");
    }
}
