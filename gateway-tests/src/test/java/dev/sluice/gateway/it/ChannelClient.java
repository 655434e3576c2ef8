package dev.sluice.gateway.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Requests of the channel API (SPEC section 9) as a test client writes them. */
final class ChannelClient {
    static final String TOKEN = "test-publish-token";

    private ChannelClient() {
    }

    /** A publish with {@code authorization} as the whole Authorization header value, or none when null. */
    static String publish(String channel, String contentType, String body, String authorization) {
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        return "POST /api/channels/" + channel + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Type: " + contentType + "\r\nContent-Length: " + length + "\r\n\r\n" + body;
    }

    static String publish(String channel, String json) {
        return publish(channel, "application/json", json, "Bearer " + TOKEN);
    }

    /** A subscription, resuming after {@code lastEventId} unless it is null. */
    static String subscribe(String channel, String lastEventId) {
        return "GET /api/channels/" + channel + "/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n") + "\r\n";
    }

    /** Publishes on {@code publisher}'s connection and returns the answer's status and body. */
    static Answer send(SseTestClient publisher, String request) throws IOException {
        publisher.send(request);
        ResponseHead head = publisher.readHead();
        return new Answer(head, publisher.readBody());
    }

    record Answer(ResponseHead head, String body) {
        int status() {
            return head.status();
        }
    }
}
