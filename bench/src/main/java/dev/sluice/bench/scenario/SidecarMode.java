package dev.sluice.bench.scenario;

/** How the {@code sidecar} scenario's clients reach the app server. */
public enum SidecarMode {
    /** Straight to the app server. */
    DIRECT("direct"),
    /** Through Sluice, which relays each stream to the app server (SPEC section 4). */
    SLUICE("sluice");

    private final String label;

    SidecarMode(String label) {
        this.label = label;
    }

    /** The name used on the command line and as the report's column. */
    public String label() {
        return label;
    }

    /** The mode named {@code label}. */
    public static SidecarMode byLabel(String label) {
        for (SidecarMode mode : values()) {
            if (mode.label.equals(label)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown sidecar mode '" + label + "' (direct, sluice)");
    }
}
