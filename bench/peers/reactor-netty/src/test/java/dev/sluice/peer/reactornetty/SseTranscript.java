package dev.sluice.peer.reactornetty;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One HTTP response read to its end, its body cut into SSE blocks (text up to each blank line) with arrival times. */
record SseTranscript(int status, HttpHeaders headers, List<Block> blocks, String trailing) {

    /** One block of the body, without its terminating blank line, and when its last byte arrived. */
    record Block(String text, long arrivedNanos) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    static SseTranscript get(int port, String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).GET());
    }

    static SseTranscript postJson(int port, String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static SseTranscript send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = CLIENT.send(request.timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<Block> blocks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        try (Reader body = new InputStreamReader(response.body(), StandardCharsets.UTF_8)) {
            for (int c = body.read(); c != -1; c = body.read()) {
                current.append((char) c);
                int n = current.length();
                if (n >= 2 && current.charAt(n - 1) == '\n' && current.charAt(n - 2) == '\n') {
                    blocks.add(new Block(current.substring(0, n - 2), System.nanoTime()));
                    current.setLength(0);
                }
            }
        }
        return new SseTranscript(response.statusCode(), response.headers(), List.copyOf(blocks), current.toString());
    }
}
