package dev.sluice.gateway.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's HAProxy as a reverse proxy for a test, run in the foreground ({@code -db}) as a child
 * process from a config generated in a fresh temp dir.
 *
 * <p>The config is the README's "Behind HAProxy" snippet with only the addresses changed: the
 * frontend binds a free loopback port and the backend's server is the gateway. {@link #withoutNoDelay}
 * drops {@code option http-no-delay} and nothing else, for the control that shows what the option
 * is for.
 */
final class HaproxyProxy implements AutoCloseable {
    static final String HAPROXY = "/usr/sbin/haproxy";

    private final ProxyProcess process;

    private HaproxyProxy(ProxyProcess process) {
        this.process = process;
    }

    /** HAProxy with the README's config in front of the gateway on {@code upstreamPort}. */
    static HaproxyProxy start(int upstreamPort) throws IOException, InterruptedException {
        return start(upstreamPort, true);
    }

    /** The README's config minus {@code option http-no-delay}. */
    static HaproxyProxy withoutNoDelay(int upstreamPort) throws IOException, InterruptedException {
        return start(upstreamPort, false);
    }

    /**
     * Starts HAProxy and returns once it accepts connections. Skips (or under CI fails) the test if
     * HAProxy is missing.
     */
    private static HaproxyProxy start(int upstreamPort, boolean noDelay) throws IOException, InterruptedException {
        return start(port -> config(port, upstreamPort, noDelay));
    }

    /** HAProxy passing TLS through to the gateway untouched (the README's "Browsers" passthrough config). */
    static HaproxyProxy tlsPassthrough(int upstreamPort) throws IOException, InterruptedException {
        return start(port -> "defaults\n"
                + "  mode tcp\n"
                + "  timeout connect 5s\n"
                + "  timeout client  1h\n"
                + "  timeout server  1h\n"
                + "\n"
                + "frontend tls\n"
                + "  bind 127.0.0.1:" + port + "\n"
                + "  default_backend sluice\n"
                + "\n"
                + "backend sluice\n"
                + "  option httpchk GET /readyz\n"
                + "  server gw1 127.0.0.1:" + upstreamPort
                + " check check-ssl verify none check-alpn http/1.1 inter 2s\n");
    }

    private static HaproxyProxy start(java.util.function.IntFunction<String> config)
            throws IOException, InterruptedException {
        RequiredBinary.require(HAPROXY, "haproxy");
        Path dir = Files.createTempDirectory("sluice-haproxy-");
        Path cfg = dir.resolve("haproxy.cfg");
        Path log = dir.resolve("haproxy.log");
        return new HaproxyProxy(ProxyProcess.start("haproxy", dir, port -> {
            Files.writeString(cfg, config.apply(port), StandardCharsets.UTF_8);
            return new ProcessBuilder(HAPROXY, "-f", cfg.toString(), "-db")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
        }, () -> Files.readString(log)));
    }

    private static String config(int port, int upstreamPort, boolean noDelay) {
        return "defaults\n"
                + "  mode http\n"
                + "  option http-keep-alive\n"
                + (noDelay ? "  option http-no-delay\n" : "")
                + "  timeout connect 5s\n"
                + "  timeout client  1h\n"
                + "  timeout server  1h\n"
                + "  timeout tunnel  1h\n"
                + "\n"
                + "frontend web\n"
                + "  bind 127.0.0.1:" + port + "\n"
                + "  use_backend sluice if { path_beg /sluice/ }\n"
                + "\n"
                + "backend sluice\n"
                + "  http-request replace-path /sluice(/.*) \\1\n"
                + "  server gw1 127.0.0.1:" + upstreamPort + " check inter 2s\n"
                + "  option httpchk GET /readyz\n";
    }

    int port() {
        return process.port();
    }

    @Override
    public void close() throws IOException {
        process.close();
    }
}
