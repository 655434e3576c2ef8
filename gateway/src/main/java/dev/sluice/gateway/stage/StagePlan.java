package dev.sluice.gateway.stage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ordered stages every chat stream runs through before its {@code complete} event
 * (SPEC section 3). Immutable.
 */
public final class StagePlan {
    private final List<Stage> stages;

    public StagePlan(List<Stage> stages) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one stage");
        }
        Set<String> ids = new HashSet<>();
        for (Stage stage : stages) {
            if (!ids.add(stage.id())) {
                throw new IllegalArgumentException("stage id '" + stage.id() + "' appears twice");
            }
        }
        this.stages = List.copyOf(stages);
    }

    /** The six stages of SPEC section 3, each taking {@code delayMs}. */
    public static StagePlan defaultPlan(long delayMs) {
        return new StagePlan(List.of(
                new Stage("init", "Reading the message", 5, delayMs),
                new Stage("intent", "Understanding the intent", 15, delayMs),
                new Stage("retrieve", "Retrieving context", 35, delayMs),
                new Stage("reason", "Reasoning", 60, delayMs),
                new Stage("generate", "Generating the answer", 85, delayMs),
                new Stage("finalize", "Finalizing", 100, delayMs)));
    }

    /**
     * Parses {@code id:progress[:delayMs[:label]]} entries separated by commas. A stage without its own
     * delay (or with an empty one) takes {@code defaultDelayMs}; a stage without a label uses its id.
     *
     * @throws IllegalArgumentException naming the entry that is wrong
     */
    public static StagePlan parse(String spec, long defaultDelayMs) {
        List<Stage> stages = new ArrayList<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            String[] parts = trimmed.split(":", 4);
            if (parts.length < 2) {
                throw new IllegalArgumentException("entry '" + trimmed + "' is not id:progress[:delayMs[:label]]");
            }
            String id = parts[0].trim();
            int progress = parseNumber(parts[1], trimmed, "progress");
            long delay = parts.length > 2 && !parts[2].isBlank() ? parseNumber(parts[2], trimmed, "delayMs") : defaultDelayMs;
            String label = parts.length > 3 && !parts[3].isBlank() ? parts[3].trim() : id;
            stages.add(new Stage(id, label, progress, delay));
        }
        return new StagePlan(stages);
    }

    private static int parseNumber(String raw, String entry, String what) {
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("entry '" + entry + "': " + what + " is not a number");
        }
    }

    public int size() {
        return stages.size();
    }

    public Stage stage(int index) {
        return stages.get(index);
    }

    public List<Stage> stages() {
        return stages;
    }
}
