package dev.sluice.bench.client;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The one daemon thread a run samples on (RSS, open streams, timelines), named so a thread dump says whose it is. */
public final class SamplerThread {

    private SamplerThread() {
    }

    /** A single-thread scheduler on a daemon thread called {@code name}: it never keeps the bench's JVM alive. */
    public static ScheduledExecutorService start(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }
}
