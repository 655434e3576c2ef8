package dev.sluice.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** Proves the leak check can fail: a buffer dropped without release must be reported. */
class LeakReportingExtensionTest {

    @Test
    void reportsABufferDroppedWithoutRelease() throws InterruptedException {
        leakOneBuffer();
        boolean reported = false;
        for (int attempt = 0; attempt < 10 && !reported; attempt++) {
            reported = LeakReportingExtension.collectReportedLeaks().stream().anyMatch(l -> l.contains("ByteBuf"));
        }
        assertTrue(reported, "a dropped buffer must be reported as a leak");
    }

    @Test
    void releasedBuffersAreNotReported() throws InterruptedException {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(64);
        buf.writeLong(1);
        buf.release();
        assertFalse(LeakReportingExtension.collectReportedLeaks().stream().anyMatch(l -> l.contains("ByteBuf")));
    }

    private static void leakOneBuffer() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(64);
        buf.writeLong(42);
    }
}
