package dev.sluice.bench.target;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every process the bench starts (targets and client processes), so that a shutdown hook ends them
 * even when the bench is interrupted with Ctrl-C or fails half-way.
 */
public final class ChildProcesses {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::stopAll, "bench-child-reaper"));
    }

    private ChildProcesses() {
    }

    /** Registers a started process. */
    public static Process track(Process process) {
        RUNNING.add(process);
        return process;
    }

    /** Stops a process: SIGTERM, then SIGKILL (with its descendants) after {@code graceSeconds}. */
    public static void stop(Process process, long graceSeconds) {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.remove(process);
        }
    }

    private static void stopAll() {
        for (Process process : RUNNING) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
