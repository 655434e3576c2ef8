package dev.sluice.bench.client;

import dev.sluice.bench.target.Affinity;
import dev.sluice.bench.target.JavaRuntime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How client processes are started: which Java, with which JVM options, pinned to which CPUs. The
 * client always runs in forked JVMs so that its collector and its CPUs are chosen here, not inherited
 * from however the bench was launched.
 *
 * @param java       the client's Java runtime
 * @param jvmOptions JVM options of every client process
 * @param cpus       CPU list for {@code taskset}, or null for no pinning
 */
public record ClientLaunch(JavaRuntime java, List<String> jvmOptions, String cpus) {

    /**
     * A low-pause collector by default: the client's GC pauses would otherwise land in every latency
     * figure. ZGC everywhere; generational ZGC (JDK 21-22 need the flag, 23+ have only that mode).
     */
    public static List<String> defaultOptions(JavaRuntime java) {
        List<String> options = new ArrayList<>(List.of("-Xmx1g", "-XX:+UseZGC"));
        if (java.featureVersion() >= 21 && java.featureVersion() <= 22) {
            options.add("-XX:+ZGenerational");
        }
        return options;
    }

    /** The bench's own Java with {@link #defaultOptions}, unpinned. */
    public static ClientLaunch defaults() {
        JavaRuntime java = JavaRuntime.current();
        return new ClientLaunch(java, defaultOptions(java), null);
    }

    /** {@code options} split on whitespace, or the defaults when null. */
    public static ClientLaunch of(JavaRuntime java, String options, String cpus) {
        List<String> jvm = options == null ? defaultOptions(java)
                : options.isBlank() ? List.of() : Arrays.asList(options.trim().split("\\s+"));
        return new ClientLaunch(java, jvm, cpus);
    }

    /** The command that starts one client process, up to the main class. */
    List<String> command() {
        List<String> command = new ArrayList<>(Affinity.prefix(cpus));
        command.add(java.command());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.sluice.bench.cli.BenchMain");
        return command;
    }

    /** CPUs the clients may use: the pinned set's size, else the machine's. */
    public int cpuCount() {
        return Affinity.count(cpus, Runtime.getRuntime().availableProcessors());
    }

    /** One line for reports. */
    public String describe() {
        return "client: Java " + java.featureVersion() + " " + String.join(" ", jvmOptions)
                + (cpus == null ? ", unpinned" : ", taskset -c " + cpus);
    }
}
