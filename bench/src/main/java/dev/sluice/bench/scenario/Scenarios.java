package dev.sluice.bench.scenario;

import java.util.LinkedHashMap;
import java.util.Map;

/** The registry of scenarios by name. */
public final class Scenarios {

    private static final String MESSAGE = "How many streams can one gateway hold?";
    private static final Map<String, Scenario> BY_NAME = new LinkedHashMap<>();

    static {
        register(new PresetScenario("ramp", "N streams arriving at rate R, each the default six stages",
                new ScenarioSettings(2_000, 1_000, false, 0, 6, 150, 0, true, MESSAGE, 1, 8, 1, 10_000, 1_000,
                        false, true)));
        register(new PresetScenario("hold", "as many concurrent streams as one process can take, long stage delays,"
                + " live heap per open stream",
                new ScenarioSettings(19_000, 2_000, false, 0, 6, 10_000, 0, true, MESSAGE, 1, 8, 1, 15_000, 1_000,
                        true, true)));
        register(new PresetScenario("firehose", "few streams, no delays, many events each: events/s and"
                + " allocation per event",
                new ScenarioSettings(4, 1_000, true, 10_000, 2_000, 0, 0, true, MESSAGE, 0, 1, 1, 10_000, 1_000,
                        false, true)));
        register(new PresetScenario("churn", "clients leave at random points; the target's open streams must"
                + " return to zero",
                new ScenarioSettings(2_000, 500, false, 0, 6, 150, 0.5, true, MESSAGE, 1, 8, 1, 10_000, 1_000,
                        false, true)));
        register(new SidecarScenario(new ScenarioSettings(2_000, 500, false, 0, 6, 1_000, 0, true, MESSAGE, 1, 8, 1,
                10_000, 1_000, true, false)));
    }

    private Scenarios() {
    }

    /** Adds a scenario (replacing one of the same name). */
    public static void register(Scenario scenario) {
        BY_NAME.put(scenario.name(), scenario);
    }

    /** The scenario named {@code name}. */
    public static Scenario byName(String name) {
        Scenario scenario = BY_NAME.get(name);
        if (scenario == null) {
            throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + BY_NAME.keySet());
        }
        return scenario;
    }

    /** All scenarios in registration order. */
    public static Iterable<Scenario> all() {
        return BY_NAME.values();
    }
}
