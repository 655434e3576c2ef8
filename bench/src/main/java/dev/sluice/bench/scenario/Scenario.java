package dev.sluice.bench.scenario;

import dev.sluice.bench.target.TargetKind;

import java.util.List;

/**
 * A named load shape. A scenario gives defaults for every setting; the command line overrides any of
 * them. New scenarios (a sidecar one, for instance) implement this and register in {@link Scenarios}.
 */
public interface Scenario {

    /** The name used on the command line. */
    String name();

    /** One line saying what the scenario shows. */
    String description();

    /** The scenario's default settings. */
    ScenarioSettings defaults();

    /** Extra flags a target of {@code kind} needs for this scenario (none by default). */
    default List<String> extraTargetFlags(TargetKind kind) {
        return List.of();
    }
}
