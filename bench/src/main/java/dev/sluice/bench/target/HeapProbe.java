package dev.sluice.bench.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Live heap of a JVM target: {@code jcmd PID GC.class_histogram} first runs a full collection and then
 * lists every live object, and its {@code Total} line is the live heap in bytes. That is exactly "heap
 * after a forced GC", independent of the collector in use (unlike parsing {@code GC.heap_info}).
 */
public final class HeapProbe {

    private final long pid;

    /** A probe of JVM process {@code pid}. */
    public HeapProbe(long pid) {
        this.pid = pid;
    }

    /** Live heap bytes after a full GC, or -1 when jcmd is missing or fails. */
    public long liveBytesAfterGc() {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                return -1;
            }
            return parseTotal(output);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The bytes column of the histogram's {@code Total} line; -1 when there is none. */
    static long parseTotal(String histogram) {
        for (String line : histogram.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("Total")) {
                String[] columns = trimmed.split("\\s+");
                if (columns.length >= 3) {
                    return Long.parseLong(columns[2]);
                }
            }
        }
        return -1;
    }
}
