package dev.sluice.peer.reactornetty;

import java.util.List;
import java.util.stream.IntStream;

/** The stages every stream walks through, in order; the same plan the gateway and the other peers serve. */
public final class StagePlan {

    /** One stage: its id, the label shown to the user, and the progress (percent) reached when it starts. */
    public record Stage(String id, String label, int progress) {
    }

    private static final List<Stage> DEFAULT_STAGES = List.of(
            new Stage("init", "Reading the message", 5),
            new Stage("intent", "Understanding the intent", 15),
            new Stage("retrieve", "Retrieving context", 35),
            new Stage("reason", "Reasoning", 60),
            new Stage("generate", "Generating the answer", 85),
            new Stage("finalize", "Finalizing", 100));

    private StagePlan() {
    }

    /** The six named default stages when {@code count} is 6, otherwise stages {@code s1..sN} with even progress. */
    public static List<Stage> of(int count) {
        if (count == DEFAULT_STAGES.size()) {
            return DEFAULT_STAGES;
        }
        return IntStream.rangeClosed(1, count)
                .mapToObj(k -> new Stage("s" + k, "s" + k, (int) Math.round(100.0 * k / count)))
                .toList();
    }
}
