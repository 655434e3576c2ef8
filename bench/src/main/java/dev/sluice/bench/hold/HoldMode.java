package dev.sluice.bench.hold;

/** How Sluice serves the app server's streams in a hold run. */
public enum HoldMode {
    /** SPEC 4: Sluice relays the app's response, one upstream connection per stream for its whole life. */
    RELAY("relay"),
    /** SPEC 10: the app answers with Sluice-Hold at once and publishes the rest to Sluice's channel API. */
    HOLD("hold");

    private final String label;

    HoldMode(String label) {
        this.label = label;
    }

    /** The name used on the command line and in reports. */
    public String label() {
        return label;
    }

    /** The mode named {@code label}. */
    public static HoldMode byLabel(String label) {
        for (HoldMode mode : values()) {
            if (mode.label.equals(label)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + label + "' (relay, hold)");
    }
}
