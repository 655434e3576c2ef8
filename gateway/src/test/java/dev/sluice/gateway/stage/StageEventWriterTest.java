package dev.sluice.gateway.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.gateway.sse.EventData;
import dev.sluice.gateway.sse.SseEvent;
import dev.sluice.gateway.sse.SseEventEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageEventWriterTest {

    @Test
    void writesTheBytesTheGeneralEncoderWouldWhateverTheStageText() {
        StagePlan plan = new StagePlan(List.of(
                new Stage("init", "Reading the message", 5, 0),
                new Stage("q\"uote", "back\\slash, tab\t, nul\0, line\nbreak, </script>", 40, 0),
                new Stage("ünï", "日本語 and emoji \uD83D\uDE00", 100, 0)));
        StageEventWriter writer = new StageEventWriter(plan);

        for (int i = 0; i < plan.size(); i++) {
            for (long elapsedMs : new long[] {0, 7, 10, 1234567890123L}) {
                assertEquals(viaEncoder(plan.stage(i), i + 1, "s-8f00aa", elapsedMs),
                        viaWriter(writer, i, "s-8f00aa", elapsedMs),
                        "stage " + i + " at " + elapsedMs + " ms");
            }
        }
    }

    @Test
    void appendsToWhatTheBufferHolds() {
        StageEventWriter writer = new StageEventWriter(StagePlan.defaultPlan(150));
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            writer.write(out, 0, "s-1", 0);
            writer.write(out, 1, "s-1", 150);
            assertEquals("id: s-1:1\nevent: stage\ndata: {\"streamId\":\"s-1\",\"seq\":1,\"stageId\":\"init\","
                    + "\"label\":\"Reading the message\",\"progress\":5,\"elapsedMs\":0}\n\n"
                    + "id: s-1:2\nevent: stage\ndata: {\"streamId\":\"s-1\",\"seq\":2,\"stageId\":\"intent\","
                    + "\"label\":\"Understanding the intent\",\"progress\":15,\"elapsedMs\":150}\n\n",
                    out.toString(StandardCharsets.UTF_8));
        } finally {
            out.release();
        }
    }

    private static String viaWriter(StageEventWriter writer, int index, String streamId, long elapsedMs) {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            writer.write(out, index, streamId, elapsedMs);
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    private static String viaEncoder(Stage stage, int seq, String streamId, long elapsedMs) {
        ByteBuf out = new SseEventEncoder().encode(PooledByteBufAllocator.DEFAULT,
                new SseEvent(streamId + ":" + seq, "stage", EventData.json(g -> {
                    g.writeStartObject();
                    g.writeStringField("streamId", streamId);
                    g.writeNumberField("seq", seq);
                    g.writeStringField("stageId", stage.id());
                    g.writeStringField("label", stage.label());
                    g.writeNumberField("progress", stage.progress());
                    g.writeNumberField("elapsedMs", elapsedMs);
                    g.writeEndObject();
                })));
        try {
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }
}
