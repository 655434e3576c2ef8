package dev.sluice.peer.reactornetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * node-seed's channel API (the bench's fanout peer, SPEC 9) and its sidecar-hold app mode (SPEC 10), over real
 * sockets against the real {@code node} process.
 */
class NodeSeedChannelsTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static HttpResponse<String> publish(int port, String channel, String auth, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/channels/"
                + channel + "/events")).header("content-type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            request.header("authorization", auth);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A subscriber on a raw socket: its head is read at once, its body as it comes. */
    private static final class Subscriber implements AutoCloseable {
        private final Socket socket = new Socket();
        private final InputStream in;
        private final StringBuilder seen = new StringBuilder();

        Subscriber(int port, String channel, String lastEventId) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(5_000);
            String request = "GET /api/channels/" + channel + "/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            in = socket.getInputStream();
            readUntil(": subscribed\n\n");
        }

        /** Reads until {@code text} has arrived; returns everything read so far (chunk framing included). */
        String readUntil(String text) throws IOException {
            while (seen.indexOf(text) < 0) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed before " + text + " in " + seen);
                }
                seen.append((char) b);
            }
            return seen.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void publishNeedsABearerToken() throws Exception {
        try (NodeSeedProcess node = NodeSeedProcess.start("--publish-token", "good", "--publish-token", "other")) {
            String event = "{\"event\":\"tick\",\"data\":1}";
            assertEquals(401, publish(node.port(), "a", null, "application/json", event).statusCode());
            assertEquals(403, publish(node.port(), "a", "Bearer bad", "application/json", event).statusCode());
            assertEquals(202, publish(node.port(), "a", "Bearer other", "application/json", event).statusCode());
            assertEquals(400, publish(node.port(), "a%20b", "Bearer good", "application/json", event).statusCode());
            assertEquals(400, publish(node.port(), "a", "Bearer good", "application/json", "{").statusCode());
        }
    }

    @Test
    void everySubscriberGetsEachEventInOrderWithIds() throws Exception {
        try (NodeSeedProcess node = NodeSeedProcess.start("--publish-token", "t");
             Subscriber first = new Subscriber(node.port(), "news", null);
             Subscriber second = new Subscriber(node.port(), "news", null);
             Subscriber elsewhere = new Subscriber(node.port(), "sports", null)) {
            HttpResponse<String> one = publish(node.port(), "news", "Bearer t", "application/json",
                    "{\"event\":\"tick\",\"data\":{\"n\":1}}");
            assertEquals(202, one.statusCode());
            assertEquals("{\"ids\":[\"1\"]}", one.body());
            HttpResponse<String> two = publish(node.port(), "news", "Bearer t", "application/x-ndjson",
                    "{\"event\":\"tick\",\"data\":{\"n\":2}}\n{\"data\":{\"n\":3}}\n");
            assertEquals("{\"ids\":[\"2\",\"3\"]}", two.body());
            for (Subscriber subscriber : List.of(first, second)) {
                String body = subscriber.readUntil("data: {\"n\":3}\n\n");
                int a = body.indexOf("id: 1\nevent: tick\ndata: {\"n\":1}\n\n");
                int b = body.indexOf("id: 2\nevent: tick\ndata: {\"n\":2}\n\n");
                int c = body.indexOf("id: 3\nevent: message\ndata: {\"n\":3}\n\n");
                assertTrue(a > 0 && a < b && b < c, body);
            }
            publish(node.port(), "sports", "Bearer t", "application/json", "{\"event\":\"goal\",\"data\":7}");
            String sports = elsewhere.readUntil("data: 7\n\n");
            assertTrue(sports.contains("id: 1\nevent: goal\n") && !sports.contains("tick"), sports);
        }
    }

    @Test
    void lastEventIdReplaysWhatTheLogHoldsAndResetsWhenItIsTooOld() throws Exception {
        try (NodeSeedProcess node = NodeSeedProcess.start("--publish-token", "t", "--channel-replay-events", "3")) {
            for (int n = 1; n <= 5; n++) {
                publish(node.port(), "c", "Bearer t", "application/json", "{\"event\":\"tick\",\"data\":" + n + "}");
            }
            try (Subscriber resumed = new Subscriber(node.port(), "c", "3")) {
                String body = resumed.readUntil("id: 5\n");
                assertTrue(body.indexOf("id: 4\n") > 0 && !body.contains("id: 3\n") && !body.contains("reset"), body);
            }
            try (Subscriber tooOld = new Subscriber(node.port(), "c", "1")) {
                String body = tooOld.readUntil("event: reset\n");
                assertTrue(!body.contains("id: 3\n"), body);
                publish(node.port(), "c", "Bearer t", "application/json", "{\"event\":\"tick\",\"data\":6}");
                assertTrue(tooOld.readUntil("data: 6\n\n").contains("id: 6\nevent: tick\ndata: 6\n\n"));
            }
        }
    }

    @Test
    void holdModeAnswersAtOnceAndPublishesEveryStageToTheChannel() throws Exception {
        BlockingQueue<String> published = new LinkedBlockingQueue<>();
        HttpServer sluice = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sluice.createContext("/api/channels/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            published.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("authorization")
                    + " " + body);
            byte[] answer = "{\"ids\":[\"1\"]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(202, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        sluice.start();
        try (NodeSeedProcess node = NodeSeedProcess.start("--stage-delay-ms", "20", "--stages", "3", "--hold",
                "http://127.0.0.1:" + sluice.getAddress().getPort(), "--hold-token", "secret")) {
            HttpResponse<String> hold = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()
                    + "/api/chat/stream?message=hi")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, hold.statusCode());
            assertEquals("stream", hold.headers().firstValue("sluice-hold").orElseThrow());
            String channel = hold.headers().firstValue("sluice-channel").orElseThrow();
            assertTrue(channel.matches("job-s-[0-9a-f]{16}"), channel);
            assertTrue(hold.body().startsWith("retry: 2000\n\nid: 1\nevent: stage\ndata: {\"streamId\":\""), hold.body());
            List<String> posts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String post = published.poll(5, TimeUnit.SECONDS);
                assertTrue(post != null, "publish " + (i + 2) + " of the stages never came");
                posts.add(post);
            }
            String prefix = "/api/channels/" + channel + "/events Bearer secret ";
            assertTrue(posts.get(0).startsWith(prefix + "{\"event\":\"stage\",\"data\":{") && posts.get(0).contains("\"seq\":2"),
                    posts.get(0));
            assertTrue(posts.get(1).contains("\"seq\":3") && !posts.get(1).contains("close"), posts.get(1));
            assertTrue(posts.get(2).startsWith(prefix + "{\"event\":\"complete\"") && posts.get(2).contains("\"seq\":4")
                    && posts.get(2).endsWith(",\"close\":true}"), posts.get(2));
        } finally {
            sluice.stop(0);
        }
    }
}
