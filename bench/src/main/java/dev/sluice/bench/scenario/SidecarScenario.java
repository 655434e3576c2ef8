package dev.sluice.bench.scenario;

/**
 * The {@code sidecar} scenario: many concurrent clients of one slow app server (the node-seed peer,
 * streaming its stages as SSE), once straight to it and once through Sluice relaying it, with the
 * app server measured in both. Run by {@link SidecarRunner}, not against a single target.
 */
public final class SidecarScenario implements Scenario {

    /** The path Sluice's route serves; it relays to the app server's {@code /api/chat/stream}. */
    public static final String ROUTE_PATH = "/api/app/stream";

    private final ScenarioSettings defaults;

    /** The scenario with its default settings. */
    public SidecarScenario(ScenarioSettings defaults) {
        this.defaults = defaults;
    }

    @Override
    public String name() {
        return "sidecar";
    }

    @Override
    public String description() {
        return "thousands of clients of one slow SSE app server (node-seed), directly and through Sluice's"
                + " sidecar relay: first event, first upstream event, the app server's connections, memory and CPU";
    }

    @Override
    public ScenarioSettings defaults() {
        return defaults;
    }
}
