package dev.sluice.bench.client;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * How many streams one client process can hold: one socket each, under the process's open-files
 * limit, minus what the JVM itself keeps open (jars, epoll descriptors, pipes).
 */
public final class FileLimit {

    /** Descriptors kept free for the JVM and the bench's own files. */
    public static final int RESERVED = 400;

    private FileLimit() {
    }

    /** The process's open-files limit (20,000 on the project's machine). */
    public static long maxOpenFiles() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return 20_000;
    }

    /** Streams one client process may hold open at once. */
    public static long streamsPerProcess() {
        return Math.max(1, maxOpenFiles() - RESERVED);
    }
}
