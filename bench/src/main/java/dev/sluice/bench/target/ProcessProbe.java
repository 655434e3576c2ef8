package dev.sluice.bench.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's CPU time and resident memory, read from {@code /proc/PID/stat} (utime + stime, in clock
 * ticks) and {@code /proc/PID/status} (VmRSS). Linux only; on other systems every read returns -1.
 */
public final class ProcessProbe {

    /** Clock ticks per second of /proc/PID/stat; 100 on every Linux the bench targets (USER_HZ). */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long pid;

    /** A probe of process {@code pid}. */
    public ProcessProbe(long pid) {
        this.pid = pid;
    }

    /** User plus system CPU seconds the process has used, or -1 if unreadable. */
    public double cpuSeconds() {
        double[] split = cpuSplit();
        return split == null ? -1 : split[0] + split[1];
    }

    /** User CPU seconds the process has used, or -1 if unreadable. */
    public double cpuUserSeconds() {
        double[] split = cpuSplit();
        return split == null ? -1 : split[0];
    }

    private double[] cpuSplit() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces; fields are counted after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return new double[] {utime / TICKS_PER_SECOND, stime / TICKS_PER_SECOND};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Resident set size in bytes, or -1 if unreadable. */
    public long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
