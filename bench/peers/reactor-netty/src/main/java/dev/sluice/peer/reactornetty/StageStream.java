package dev.sluice.peer.reactornetty;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.publisher.Flux;

/**
 * One stream's SSE frames as a {@link Flux}: {@code retry}, one {@code stage} event per stage and a final
 * {@code complete}, the first stage at once and each later event one stage delay after the previous one
 * ({@code delayElements}, timed on Reactor's parallel scheduler as a reactor-netty user's code is).
 * Cancelling the subscription, which reactor-netty does when the connection closes, disposes the pending timer.
 */
final class StageStream {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String RETRY = "retry: 2000\n\n";

    private final List<StagePlan.Stage> stages;
    private final String streamId;
    private final long startNanos;
    private final long[] emittedAtNanos;

    private StageStream(List<StagePlan.Stage> stages) {
        this.stages = stages;
        this.streamId = "s-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        this.startNanos = System.nanoTime();
        this.emittedAtNanos = new long[stages.size() + 1];
    }

    /** A cold Flux: every subscription is a new stream with its own id and clock. */
    static Flux<String> frames(List<StagePlan.Stage> stages, Duration stageDelay) {
        return Flux.defer(() -> {
            StageStream stream = new StageStream(stages);
            Flux<Integer> later = Flux.range(2, stages.size());
            Flux<Integer> paced = stageDelay.isZero() ? later : later.delayElements(stageDelay);
            return Flux.concat(Flux.just(1), paced).map(stream::frame).startWith(RETRY);
        });
    }

    private String frame(int seq) {
        long now = System.nanoTime();
        emittedAtNanos[seq - 1] = now;
        StringWriter out = new StringWriter(192);
        boolean complete = seq > stages.size();
        out.append("id: ").append(Integer.toString(seq))
                .append(complete ? "\nevent: complete\ndata: " : "\nevent: stage\ndata: ");
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("streamId", streamId);
            json.writeNumberField("seq", seq);
            if (complete) {
                json.writeNumberField("progress", 100);
                json.writeNumberField("elapsedMs", millisSince(startNanos, now));
                json.writeObjectFieldStart("stageMs");
                for (int i = 0; i < stages.size(); i++) {
                    json.writeNumberField(stages.get(i).id(), millisSince(emittedAtNanos[i], emittedAtNanos[i + 1]));
                }
                json.writeEndObject();
            } else {
                StagePlan.Stage stage = stages.get(seq - 1);
                json.writeStringField("stageId", stage.id());
                json.writeStringField("label", stage.label());
                json.writeNumberField("progress", stage.progress());
                json.writeNumberField("elapsedMs", millisSince(startNanos, now));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append("\n\n").toString();
    }

    private static long millisSince(long fromNanos, long toNanos) {
        return Math.round((toNanos - fromNanos) / 1_000_000.0);
    }
}
