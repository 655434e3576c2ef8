package dev.sluice.bench.client;

import dev.sluice.bench.stats.EventSchedule;
import dev.sluice.bench.stats.LoadStats;
import dev.sluice.bench.stats.StreamClock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Runs the client's receive path (HTTP decoding, SSE parsing, the event checks and the histograms) over
 * synthetic streams in memory, touching no target, recorded nowhere.
 *
 * <p>Why: the network warm-up in {@link LoadClient} opens streams that leave after their first event,
 * which leaves the per-event path interpreted. In a firehose, where that path runs hundreds of
 * thousands of times a second, the client's JIT compilation would then be charged to whichever target
 * a {@code compare} measures first. A fraction of a second here makes the order not matter.
 */
final class ReceivePathWarmUp {

    private static final int STREAMS = 50;
    private static final int EVENTS_PER_STREAM = 2_000;
    private static final int EVENTS_PER_CHUNK = 64;

    private ReceivePathWarmUp() {
    }

    /** @throws IllegalStateException if the client did not take a synthetic stream as complete and valid */
    static void run(EventSchedule schedule) {
        byte[][] chunks = chunks();
        int[] completed = new int[1];
        for (int s = 0; s < STREAMS; s++) {
            LoadStats discarded = new LoadStats();
            long now = System.nanoTime();
            StreamHandler handler = new StreamHandler(
                    new byte[0],
                    new StreamClock(now, schedule, discarded), new StreamCheck(EVENTS_PER_STREAM + 1), discarded,
                    now + TimeUnit.MINUTES.toNanos(1), Long.MAX_VALUE, false, outcome -> {
                        if (outcome.kind() == StreamOutcome.Kind.COMPLETED) {
                            completed[0]++;
                        }
                    });
            EmbeddedChannel channel = new EmbeddedChannel(handler);
            channel.writeInbound(ascii("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
                    + "transfer-encoding: chunked\r\n\r\n"));
            for (byte[] chunk : chunks) {
                channel.writeInbound(Unpooled.wrappedBuffer(chunk));
            }
            channel.writeInbound(ascii("0\r\n\r\n"));
            channel.finishAndReleaseAll();
        }
        if (completed[0] != STREAMS) {
            // The synthetic stream and the checks disagree: the bench itself is broken, say so now.
            throw new IllegalStateException("client warm-up: " + completed[0] + " of " + STREAMS + " streams passed");
        }
    }

    /** One stream's body as chunked transfer-encoding chunks of {@value #EVENTS_PER_CHUNK} events. */
    private static byte[][] chunks() {
        int total = EVENTS_PER_STREAM + 1;
        byte[][] chunks = new byte[(total + EVENTS_PER_CHUNK - 1) / EVENTS_PER_CHUNK][];
        for (int c = 0; c < chunks.length; c++) {
            StringBuilder body = new StringBuilder();
            for (int k = c * EVENTS_PER_CHUNK + 1; k <= Math.min(total, (c + 1) * EVENTS_PER_CHUNK); k++) {
                body.append("id: ").append(k).append("\nevent: ").append(k == total ? "complete" : "stage")
                        .append("\ndata: {\"streamId\":\"s-warm\",\"seq\":").append(k)
                        .append(",\"stageId\":\"s").append(k).append("\",\"progress\":0,\"elapsedMs\":0}\n\n");
            }
            byte[] data = body.toString().getBytes(StandardCharsets.US_ASCII);
            chunks[c] = (Integer.toHexString(data.length) + "\r\n" + body + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
        return chunks;
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }
}
