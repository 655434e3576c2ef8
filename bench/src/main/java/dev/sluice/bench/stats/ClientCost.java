package dev.sluice.bench.stats;

/**
 * What the client processes themselves spent during the measured load (after their warm-up), so a
 * report shows whether the client, not the target, set the floor: CPU split into user and kernel time,
 * the client JVMs' own GC pauses, and the bytes they allocated.
 *
 * @param userSeconds    user CPU of the client processes
 * @param systemSeconds  kernel CPU of the client processes
 * @param gcPauses       stop-the-world GC pauses in the client JVMs
 * @param gcPauseTotalMs their summed duration (the JVM reports whole milliseconds, so pauses under 1 ms count 0)
 * @param gcPauseMaxMs   the longest of them
 * @param allocatedBytes bytes the client JVMs allocated
 * @param processes      client processes
 * @param cpus           CPUs the client processes could run on (their affinity), summed over distinct sets
 * @param jitMs          time the client JVMs' JIT compilers spent compiling during the load, or -1: compiler
 *                       threads share the client's CPUs with its event loop, so compiling while measuring
 *                       delays the client's own reads
 */
public record ClientCost(double userSeconds, double systemSeconds, long gcPauses, double gcPauseTotalMs,
                         double gcPauseMaxMs, long allocatedBytes, int processes, int cpus, double jitMs) {

    /** Nothing measured (results from before the client measured itself). */
    public static final ClientCost NONE = new ClientCost(-1, -1, -1, -1, -1, -1, 0, 0, -1);

    /** Whether this holds measurements. */
    public boolean measured() {
        return processes > 0;
    }

    /** User plus kernel CPU seconds, or -1. */
    public double cpuSeconds() {
        return measured() ? userSeconds + systemSeconds : -1;
    }

    /** Two processes' costs together; processes on the same CPUs count those CPUs once. */
    public ClientCost merge(ClientCost other) {
        if (!other.measured()) {
            return this;
        }
        if (!measured()) {
            return other;
        }
        return new ClientCost(userSeconds + other.userSeconds, systemSeconds + other.systemSeconds,
                gcPauses + other.gcPauses, gcPauseTotalMs + other.gcPauseTotalMs,
                Math.max(gcPauseMaxMs, other.gcPauseMaxMs), allocatedBytes + other.allocatedBytes,
                processes + other.processes, Math.max(cpus, other.cpus),
                jitMs < 0 || other.jitMs < 0 ? -1 : jitMs + other.jitMs);
    }
}
