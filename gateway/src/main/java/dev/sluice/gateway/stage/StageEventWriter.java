package dev.sluice.gateway.stage;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the {@code stage} events of one {@link StagePlan} in their wire form (SPEC section 3):
 *
 * <pre>
 * id: s-…:K
 * event: stage
 * data: {"streamId":"…","seq":K,"stageId":"…","label":"…","progress":P,"elapsedMs":…}
 * </pre>
 *
 * <p>Everything but the stream id and {@code elapsedMs} is the same for every stream of the plan, so
 * it is encoded once, here, and an event costs three array copies and two short numbers instead of a
 * JSON generator, a lambda and an event object. The stage id and label come from the operator's
 * configuration; they are written once by a jackson generator, so they are escaped exactly as
 * {@link dev.sluice.gateway.sse.SseEventEncoder} would escape them. Immutable and shared by every
 * stream of the plan.
 */
public final class StageEventWriter {
    private static final byte[] EVENT_END = "}\n\n".getBytes(StandardCharsets.US_ASCII);

    private final StagePlan plan;
    private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
    /** Per stage, after the stream id: {@code :K\nevent: stage\ndata: {"streamId":"}. */
    private final byte[][] heads;
    /** Per stage: {@code ","seq":K,"stageId":"…","label":"…","progress":P,"elapsedMs":}. */
    private final byte[][] middles;

    public StageEventWriter(StagePlan plan) {
        this.plan = plan;
        this.heads = new byte[plan.size()][];
        this.middles = new byte[plan.size()][];
        JsonFactory json = new JsonFactory();
        for (int i = 0; i < plan.size(); i++) {
            Stage stage = plan.stage(i);
            int seq = i + 1;
            heads[i] = ascii(":" + seq + "\nevent: stage\ndata: {\"streamId\":\"");
            ByteArrayOutputStream middle = new ByteArrayOutputStream();
            middle.writeBytes(ascii("\",\"seq\":" + seq + ",\"stageId\":"));
            middle.writeBytes(quoted(json, stage.id()));
            middle.writeBytes(ascii(",\"label\":"));
            middle.writeBytes(quoted(json, stage.label()));
            middle.writeBytes(ascii(",\"progress\":" + stage.progress() + ",\"elapsedMs\":"));
            middles[i] = middle.toByteArray();
        }
    }

    public StagePlan plan() {
        return plan;
    }

    /**
     * Appends the event of stage {@code index} (0-based; its {@code seq} is {@code index + 1}) to
     * {@code out}.
     *
     * @param streamId the gateway-made stream id ({@code s-} and hex digits), written as is
     */
    public void write(ByteBuf out, int index, String streamId, long elapsedMs) {
        out.writeBytes(ID);
        ByteBufUtil.writeAscii(out, streamId);
        out.writeBytes(heads[index]);
        ByteBufUtil.writeAscii(out, streamId);
        out.writeBytes(middles[index]);
        writeDecimal(out, elapsedMs);
        out.writeBytes(EVENT_END);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code text} as a JSON string, quotes included, as jackson's generator writes it. */
    private static byte[] quoted(JsonFactory json, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = json.createGenerator(out, JsonEncoding.UTF8)) {
            generator.writeString(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode stage text", e);
        }
        return out.toByteArray();
    }

    /** Writes a non-negative number in decimal without making a string of it. */
    private static void writeDecimal(ByteBuf out, long value) {
        if (value >= 10) {
            writeDecimal(out, value / 10);
        }
        out.writeByte('0' + (int) (value % 10));
    }
}
