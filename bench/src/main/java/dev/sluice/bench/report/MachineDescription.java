package dev.sluice.bench.report;

import dev.sluice.bench.client.FileLimit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine a run happened on, as one line for reports. */
public final class MachineDescription {

    private MachineDescription() {
    }

    /**
     * CPU model, cores, memory, kernel, JVM, open-files limit and the load average when the report was
     * made: on a shared machine other work skews every latency figure, and the report should say so.
     */
    public static String describe() {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
        String memKb = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        String kernel = read(Path.of("/proc/sys/kernel/osrelease"));
        long memGiB = memKb == null ? -1 : Long.parseLong(memKb.replaceAll("[^0-9]", "")) / (1024 * 1024);
        String load = read(Path.of("/proc/loadavg"));
        return String.format(java.util.Locale.ROOT,
                "%s, %d cores, %d GiB, Linux %s, Java %s (%s), open files %d, load average %s",
                cpu == null ? "unknown CPU" : cpu, cores(), memGiB,
                kernel == null ? "?" : kernel.trim(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), FileLimit.maxOpenFiles(),
                load == null ? "?" : String.join(" ", java.util.Arrays.copyOf(load.trim().split(" "), 3)));
    }

    /** The machine's cores (not this process's affinity: the bench pins itself to the client's CPUs). */
    private static int cores() {
        try {
            return (int) Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("processor")).count();
        } catch (IOException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    private static String firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }
}
