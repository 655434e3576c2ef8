package dev.sluice.bench.edge;

/** How the edge scenario's clients reach the gateway. */
public enum EdgeProtocol {
    /** HTTP/1.1 in clear text, one connection per stream (the baseline of the other scenarios). */
    H1C("h1c", false),
    /** HTTP/1.1 over TLS (ALPN http/1.1), one connection (and one full handshake) per stream. */
    H1("h1", true),
    /** HTTP/2 over TLS (ALPN h2), streams multiplexed over a fixed number of connections. */
    H2("h2", true);

    private final String label;
    private final boolean tls;

    EdgeProtocol(String label, boolean tls) {
        this.label = label;
        this.tls = tls;
    }

    /** The name on the command line and in reports. */
    public String label() {
        return label;
    }

    /** Whether the gateway must serve TLS for this protocol. */
    public boolean tls() {
        return tls;
    }

    /** The protocol named {@code label}. */
    public static EdgeProtocol byLabel(String label) {
        for (EdgeProtocol p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + label + "' (h1c, h1, h2)");
    }
}
