package dev.sluice.bench.target;

/** The servers the bench knows how to start (or, for {@link #EXTERNAL}, only to reach). */
public enum TargetKind {
    /** The Sluice gateway jar. */
    SLUICE("sluice", true),
    /** The Node.js {@code Readable.from()} server in bench/peers/node-seed. */
    NODE_SEED("node-seed", false),
    /** The reactor-netty SSE server in bench/peers/reactor-netty. */
    REACTOR_NETTY("reactor-netty", true),
    /** Any SSE server at a URL the user gives; the bench neither starts nor measures it. */
    EXTERNAL("external", false),
    /** The bench's own trivial SSE server ({@code null-target}): the client's latency floor, for {@code calibrate}. */
    NULL("null", true);

    private final String label;
    private final boolean jvm;

    TargetKind(String label, boolean jvm) {
        this.label = label;
        this.jvm = jvm;
    }

    /** The name used on the command line and in reports. */
    public String label() {
        return label;
    }

    /** Whether the target is a JVM the bench can ask for heap and GC figures. */
    public boolean isJvm() {
        return jvm;
    }

    /** The kind named {@code label}. */
    public static TargetKind byLabel(String label) {
        for (TargetKind kind : values()) {
            if (kind.label.equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown target '" + label
                + "' (sluice, node-seed, reactor-netty, external, null)");
    }
}
