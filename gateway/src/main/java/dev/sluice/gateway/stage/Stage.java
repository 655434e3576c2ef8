package dev.sluice.gateway.stage;

/**
 * One step of a stream's plan.
 *
 * @param id machine name sent as {@code stageId}
 * @param label human text sent with the stage event
 * @param progress percentage (0..100) reported when the stage starts
 * @param delayMs how long the stage takes: the time from its event to the next one
 */
public record Stage(String id, String label, int progress, long delayMs) {
    public Stage {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("stage id must not be empty");
        }
        if (progress < 0 || progress > 100) {
            throw new IllegalArgumentException("stage '" + id + "': progress must be 0..100, got " + progress);
        }
        if (delayMs < 0) {
            throw new IllegalArgumentException("stage '" + id + "': delay must not be negative");
        }
    }
}
