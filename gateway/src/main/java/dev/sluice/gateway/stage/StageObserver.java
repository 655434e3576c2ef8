package dev.sluice.gateway.stage;

/**
 * Told how long each stage of a running stream took, on the stream's event loop. Called once per
 * stage of every stream, so an implementation must not allocate or lock per call.
 */
@FunctionalInterface
public interface StageObserver {
    /** An observer that ignores every stage. */
    StageObserver NONE = (stageIndex, nanos) -> {
    };

    /**
     * @param stageIndex the stage's position in its {@link StagePlan}
     * @param nanos from the stage's event to the next event of the stream
     */
    void stageFinished(int stageIndex, long nanos);
}
