package dev.sluice.gateway.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's nginx as a reverse proxy for a test, run as a foreground child process from a generated
 * config whose every path (pid, logs, temp files) lives in a fresh temp dir.
 *
 * <p>Each proxied location is exactly the block the README recommends for Sluice: HTTP/1.1 to the
 * upstream with keep-alive, and proxy buffering left at nginx's default (on), so that only the
 * upstream's {@code X-Accel-Buffering: no} can make events pass one by one. {@code master_process
 * off} keeps it one process (no privilege drop to a user that could not write the temp dir), which
 * a plain {@link Process#destroy()} stops.
 */
final class NginxProxy implements AutoCloseable {
    static final String NGINX = "/usr/sbin/nginx";

    private final ProxyProcess process;

    private NginxProxy(ProxyProcess process) {
        this.process = process;
    }

    /** The location block for one upstream, as the README gives it. */
    static String location(String prefix, int upstreamPort) {
        return "    location " + prefix + " {\n"
                + "      proxy_pass http://127.0.0.1:" + upstreamPort + "/;\n"
                + "      proxy_http_version 1.1;\n"
                + "      proxy_set_header Connection \"\";\n"
                + "      proxy_set_header Host $http_host;\n"
                + "    }\n";
    }

    /**
     * A location left at nginx's defaults: HTTP/1.0 to the upstream, one connection per request, so
     * the upstream ends each body by closing, and nginx buffers such bodies unless told not to.
     */
    static String defaultLocation(String prefix, int upstreamPort) {
        return "    location " + prefix + " {\n"
                + "      proxy_pass http://127.0.0.1:" + upstreamPort + "/;\n"
                + "    }\n";
    }

    /**
     * Starts nginx with the given {@code location} blocks, and returns once it accepts connections.
     * Skips (or under CI fails) the test if nginx is missing.
     */
    static NginxProxy start(List<String> locations) throws IOException, InterruptedException {
        return start(locations, "");
    }

    /**
     * nginx terminating TLS with this certificate and speaking HTTP/2 to clients (the README's
     * "Browsers" server block), the given locations behind it.
     */
    static NginxProxy startTls(List<String> locations, Path cert, Path key) throws IOException, InterruptedException {
        return start(locations, " ssl http2;\n"
                + "    ssl_certificate " + cert + ";\n"
                + "    ssl_certificate_key " + key + ";\n"
                + "    ssl_protocols TLSv1.2 TLSv1.3");
    }

    private static NginxProxy start(List<String> locations, String listenTail) throws IOException, InterruptedException {
        RequiredBinary.require(NGINX, "nginx");
        Path dir = Files.createTempDirectory("sluice-nginx-");
        Path conf = dir.resolve("nginx.conf");
        return new NginxProxy(ProxyProcess.start("nginx", dir, port -> {
            Files.writeString(conf, config(dir, port, locations, listenTail), StandardCharsets.UTF_8);
            return new ProcessBuilder(NGINX, "-p", dir.toString(), "-c", conf.toString(),
                    "-e", dir.resolve("error.log").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile());
        }, () -> logs(dir)));
    }

    private static String config(Path dir, int port, List<String> locations, String listenTail) {
        return "daemon off;\n"
                + "master_process off;\n"
                + "worker_processes 1;\n"
                + "pid " + dir.resolve("nginx.pid") + ";\n"
                + "error_log " + dir.resolve("error.log") + " warn;\n"
                + "events { worker_connections 256; }\n"
                + "http {\n"
                + "  access_log " + dir.resolve("access.log") + ";\n"
                + "  client_body_temp_path " + dir.resolve("client_body") + ";\n"
                + "  proxy_temp_path " + dir.resolve("proxy") + ";\n"
                + "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";\n"
                + "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";\n"
                + "  scgi_temp_path " + dir.resolve("scgi") + ";\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + port + listenTail + ";\n"
                + String.join("", locations)
                + "  }\n"
                + "}\n";
    }

    private static String logs(Path dir) {
        List<String> text = new ArrayList<>();
        for (String name : List.of("stdout.log", "error.log")) {
            try {
                text.add(name + ":\n" + Files.readString(dir.resolve(name)));
            } catch (IOException e) {
                text.add(name + ": " + e);
            }
        }
        return String.join("\n", text);
    }

    int port() {
        return process.port();
    }

    @Override
    public void close() throws IOException {
        process.close();
    }
}
