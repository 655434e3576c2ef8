package dev.sluice.peer.reactornetty;

import java.time.Duration;

/**
 * Command-line options of the peer, the same set every bench peer takes:
 * {@code --host} (127.0.0.1), {@code --port} (8082), {@code --stage-delay-ms} (150) and {@code --stages} (6).
 */
public record PeerOptions(String host, int port, Duration stageDelay, int stages) {

    /** The options used when no flag is given. */
    public static final PeerOptions DEFAULTS = new PeerOptions("127.0.0.1", 8082, Duration.ofMillis(150), 6);

    public PeerOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be in 0..65535, got " + port);
        }
        if (stageDelay.isNegative()) {
            throw new IllegalArgumentException("--stage-delay-ms must not be negative, got " + stageDelay.toMillis());
        }
        if (stages < 1) {
            throw new IllegalArgumentException("--stages must be at least 1, got " + stages);
        }
    }

    /** Parses {@code --name value} pairs over {@link #DEFAULTS}; throws IllegalArgumentException on anything else. */
    public static PeerOptions parse(String... args) {
        String host = DEFAULTS.host();
        int port = DEFAULTS.port();
        Duration stageDelay = DEFAULTS.stageDelay();
        int stages = DEFAULTS.stages();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[i + 1];
            switch (name) {
                case "--host" -> host = value;
                case "--port" -> port = integer(name, value);
                case "--stage-delay-ms" -> stageDelay = Duration.ofMillis(integer(name, value));
                case "--stages" -> stages = integer(name, value);
                default -> throw new IllegalArgumentException("unknown option " + name
                        + " (known: --host, --port, --stage-delay-ms, --stages)");
            }
        }
        return new PeerOptions(host, port, stageDelay, stages);
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got " + value, e);
        }
    }
}
