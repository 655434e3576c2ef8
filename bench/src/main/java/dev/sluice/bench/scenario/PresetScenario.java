package dev.sluice.bench.scenario;

/**
 * A scenario that is nothing but a set of defaults over the standard stage stream.
 *
 * @param name        command-line name
 * @param description what it shows
 * @param defaults    its settings
 */
public record PresetScenario(String name, String description, ScenarioSettings defaults) implements Scenario {
}
