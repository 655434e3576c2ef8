package dev.sluice.bench.target;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CPU affinity through {@code taskset}: a target or client process started under {@code taskset -c CPUS}
 * (its threads and children inherit the mask), and the bench's own process pinned after the fact.
 * Pinning is what makes figures comparable across targets on a small machine: every target gets the
 * same cores, and the client cannot borrow the target's.
 */
public final class Affinity {

    private Affinity() {
    }

    /** The command prefix that starts a process on {@code cpus} ({@code taskset -c 0,2-3}); empty when null. */
    public static List<String> prefix(String cpus) {
        if (cpus == null || cpus.isBlank()) {
            return List.of();
        }
        return List.of("taskset", "-c", validated(cpus));
    }

    /** Number of CPUs in a list such as {@code 0,2-3}; {@code whenUnset} when null. */
    public static int count(String cpus, int whenUnset) {
        if (cpus == null || cpus.isBlank()) {
            return whenUnset;
        }
        int count = 0;
        for (String part : validated(cpus).split(",")) {
            int dash = part.indexOf('-');
            count += dash < 0 ? 1 : Integer.parseInt(part.substring(dash + 1)) - Integer.parseInt(part.substring(0, dash)) + 1;
        }
        return count;
    }

    /** Pins every thread of this process (and the threads and processes it starts later) to {@code cpus}. */
    public static void pinSelf(String cpus) throws IOException, InterruptedException {
        if (cpus == null || cpus.isBlank()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("taskset", "-a", "-p", "-c", validated(cpus),
                Long.toString(ProcessHandle.current().pid())));
        Process taskset = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(taskset.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!taskset.waitFor(10, TimeUnit.SECONDS) || taskset.exitValue() != 0) {
            throw new IOException("taskset could not pin the bench to CPUs " + cpus + ": " + output.trim());
        }
    }

    private static String validated(String cpus) {
        String trimmed = cpus.trim();
        if (!trimmed.matches("\\d+(-\\d+)?(,\\d+(-\\d+)?)*")) {
            throw new IllegalArgumentException("CPU list '" + cpus + "' is not like 0 or 0,2-3");
        }
        return trimmed;
    }
}
