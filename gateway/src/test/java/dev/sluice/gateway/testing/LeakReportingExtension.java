package dev.sluice.gateway.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty's leak detector reports a leaked buffer.
 *
 * <p>Netty only logs leaks, and only when a leaked buffer has been collected and another buffer is
 * tracked afterwards. After each test this extension collects garbage, allocates a few buffers to let
 * the detector report, and fails the test if anything was reported. It is registered through
 * {@code META-INF/services} (JUnit's extension auto-detection, switched on in the parent pom), so
 * every module that depends on the gateway's test-jar gets it. Run tests with
 * {@code -Dio.netty.leakDetection.level=paranoid} so that every buffer is tracked.
 */
public final class LeakReportingExtension implements AfterEachCallback {
    private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        List<String> leaks = collectReportedLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError("Netty reported " + leaks.size() + " leaked buffer(s) during or before "
                    + context.getDisplayName() + ":\n" + String.join("\n\n", leaks));
        }
    }

    /** Collects garbage, lets the detector report, and returns (and forgets) every report so far. */
    static List<String> collectReportedLeaks() throws InterruptedException {
        for (int round = 0; round < 3 && LEAKS.isEmpty(); round++) {
            System.gc();
            Thread.sleep(20);
            provokeReports();
        }
        List<String> leaks = new ArrayList<>();
        String leak;
        while ((leak = LEAKS.poll()) != null) {
            leaks.add(leak);
        }
        return leaks;
    }

    /** The detector reports collected leaks only when it tracks a new buffer. */
    private static void provokeReports() {
        for (int i = 0; i < 16; i++) {
            ByteBuf pooled = PooledByteBufAllocator.DEFAULT.buffer(1);
            pooled.release();
            ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(1);
            direct.release();
            ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.buffer(1);
            unpooled.release();
        }
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        @SuppressWarnings("deprecation")
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add("LEAK of " + resourceType + ":" + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add("LEAK of " + resourceType + " (no records)");
            super.reportUntracedLeak(resourceType);
        }
    }
}
