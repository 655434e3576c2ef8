package dev.sluice.bench.client;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.sluice.bench.stats.ClientCost;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures this client process over the load: user and kernel CPU from {@code /proc/self/stat}, every
 * stop-the-world GC pause (from the collectors' notifications; collectors' concurrent "cycles" are not
 * pauses and are skipped), and the bytes all threads allocated
 * ({@link com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes()}), and the JIT compilers' time.
 */
final class ClientCostMeter implements NotificationListener {

    private static final double TICKS_PER_SECOND = 100.0;

    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final AtomicLong pauses = new AtomicLong();
    private final AtomicLong pauseTotalMs = new AtomicLong();
    private final AtomicLong pauseMaxMs = new AtomicLong();
    private long[] cpuAtStart;
    private long allocatedAtStart;
    private long jitMsAtStart;

    /** Starts measuring now. */
    void start() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter && isPause(gc.getName())) {
                emitter.addNotificationListener(this, null, null);
                emitters.add(emitter);
            }
        }
        cpuAtStart = cpuTicks();
        allocatedAtStart = allocated();
        jitMsAtStart = jitMs();
    }

    /** Stops measuring and returns what was spent since {@link #start()}. */
    ClientCost stop() {
        long[] cpu = cpuTicks();
        long allocatedBytes = allocated() - allocatedAtStart;
        long jit = jitMs();
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(this);
            } catch (ListenerNotFoundException ignored) {
                // Never added: nothing to remove.
            }
        }
        return new ClientCost((cpu[0] - cpuAtStart[0]) / TICKS_PER_SECOND, (cpu[1] - cpuAtStart[1]) / TICKS_PER_SECOND,
                pauses.get(), pauseTotalMs.get(), pauseMaxMs.get(), allocatedBytes, 1,
                Runtime.getRuntime().availableProcessors(), jit < 0 ? -1 : jit - jitMsAtStart);
    }

    /** G1 "Young/Old Generation", ZGC "... Pauses", Parallel, Serial: pauses; "Cycles" and "Concurrent GC": not. */
    static boolean isPause(String collector) {
        return !collector.contains("Cycles") && !collector.contains("Concurrent");
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                (CompositeData) notification.getUserData());
        long ms = info.getGcInfo().getDuration();
        pauses.incrementAndGet();
        pauseTotalMs.addAndGet(ms);
        pauseMaxMs.accumulateAndGet(ms, Math::max);
    }

    private static long allocated() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported()) {
            return threads.getTotalThreadAllocatedBytes();
        }
        return -1;
    }

    /** Milliseconds the JIT compilers have spent so far, or -1 where the JVM does not say. */
    private static long jitMs() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** {utime, stime} of this process in clock ticks; zeros off Linux. */
    private static long[] cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
        } catch (java.io.IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
