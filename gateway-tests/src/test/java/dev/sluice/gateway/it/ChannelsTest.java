package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.channel.ChannelStats;
import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.testing.ReceivedEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The channel API over real sockets (SPEC section 9): auth, publish, subscribe, replay, reset, close. */
class ChannelsTest {
    private static final int REPLAY_EVENTS = 5;

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(Map.of(
            ConfigOption.PUBLISH_TOKENS, "other-token," + ChannelClient.TOKEN,
            ConfigOption.CHANNEL_REPLAY_EVENTS, Integer.toString(REPLAY_EVENTS)));

    @Test
    void publishWithoutABearerTokenIs401AndWithAWrongOneIs403() throws IOException {
        try (SseTestClient publisher = gateway.connect()) {
            ChannelClient.Answer none = ChannelClient.send(publisher,
                    ChannelClient.publish("auth", "application/json", "{\"data\":1}", null));
            assertEquals(401, none.status());
            assertEquals("Bearer", none.head().header("www-authenticate"));
            assertTrue(none.body().contains("\"error\":\"unauthorized\""), none.body());

            ChannelClient.Answer basic = ChannelClient.send(publisher,
                    ChannelClient.publish("auth", "application/json", "{\"data\":1}", "Basic dXNlcjpwYXNz"));
            assertEquals(401, basic.status());

            ChannelClient.Answer wrong = ChannelClient.send(publisher,
                    ChannelClient.publish("auth", "application/json", "{\"data\":1}", "Bearer " + ChannelClient.TOKEN + "x"));
            assertEquals(403, wrong.status());
            assertTrue(wrong.body().contains("\"error\":\"forbidden\""), wrong.body());

            ChannelClient.Answer right = ChannelClient.send(publisher, ChannelClient.publish("auth", "{\"data\":1}"));
            assertEquals(202, right.status(), right.body());
            assertEquals("{\"channel\":\"auth\",\"ids\":[\"1\"]}\n", right.body());
        }
    }

    @Test
    void badChannelNamesAndBadEventsGetTheirErrors() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send(ChannelClient.subscribe("has%20space", null));
            assertEquals(400, client.readHead().status());
            assertTrue(client.readBody().contains("bad_channel"));
            client.send(ChannelClient.subscribe("x".repeat(129), null));
            assertEquals(400, client.readHead().status());
            client.readBody();
            assertEquals(400, ChannelClient.send(client, ChannelClient.publish("ok", "{\"event\":\"a\"}")).status());
            assertEquals(400, ChannelClient.send(client, ChannelClient.publish("ok", "{\"data\":1,\"x\":2}")).status());
            assertEquals(400, ChannelClient.send(client, ChannelClient.publish("ok", "[1]")).status());
            assertEquals(415, ChannelClient.send(client,
                    ChannelClient.publish("ok", "text/plain", "{\"data\":1}", "Bearer " + ChannelClient.TOKEN)).status());
            String big = "{\"data\":\"" + "y".repeat(65_536) + "\"}";
            ChannelClient.Answer tooBig = ChannelClient.send(client, ChannelClient.publish("ok", big));
            assertEquals(413, tooBig.status());
        }
    }

    @Test
    void subscribersGetEachPublishedEventInOrderWithItsIdThenACloseEndsTheStream() throws IOException {
        try (SseTestClient subscriber = gateway.connect(); SseTestClient publisher = gateway.connect()) {
            subscriber.send(ChannelClient.subscribe("orders", null));
            ResponseHead head = subscriber.readHead();
            assertEquals(200, head.status());
            assertEquals("text/event-stream; charset=utf-8", head.header("content-type"));
            awaitSubscribers(1);
            ChannelClient.Answer first = ChannelClient.send(publisher, ChannelClient.publish("orders",
                    "application/x-ndjson",
                    "{\"event\":\"order\",\"data\":{\"n\":1}}\n\n{\"event\":\"order\",\"data\":{\"n\":2,\"t\":\"a\\nb\"}}\n",
                    "Bearer " + ChannelClient.TOKEN));
            assertEquals(202, first.status());
            assertEquals("{\"channel\":\"orders\",\"ids\":[\"1\",\"2\"]}\n", first.body());
            ReceivedEvent one = subscriber.nextEvent();
            assertEquals("1", one.id());
            assertEquals("order", one.event());
            assertEquals("{\"n\":1}", one.data());
            ReceivedEvent two = subscriber.nextEvent();
            assertEquals("2", two.id());
            assertEquals("{\"n\":2,\"t\":\"a\\nb\"}", two.data(), "JSON text stays on one data line");

            ChannelClient.send(publisher, ChannelClient.publish("orders",
                    "{\"event\":\"done\",\"data\":{\"ok\":true},\"close\":true}"));
            ReceivedEvent done = subscriber.nextEvent();
            assertEquals("3", done.id());
            assertEquals("done", done.event());
            assertNull(subscriber.nextEvent(), "the close event ends the response with its last chunk");

            // The connection is still usable, and asking after the closing event gets 204.
            subscriber.send(ChannelClient.subscribe("orders", "3"));
            ResponseHead after = subscriber.readHead();
            assertEquals(204, after.status());
        }
    }

    @Test
    void aSubscriberResumingFromAnIdGetsWhatItMissedAndOneTooOldGetsAReset() throws IOException {
        try (SseTestClient publisher = gateway.connect()) {
            for (int i = 1; i <= 8; i++) {
                assertEquals(202, ChannelClient.send(publisher, ChannelClient.publish("replay",
                        "{\"event\":\"tick\",\"data\":" + i + "}")).status());
            }
            // The log keeps the last five: ids 4..8.
            try (SseTestClient resumed = gateway.connect()) {
                resumed.send(ChannelClient.subscribe("replay", "5"));
                assertEquals(200, resumed.readHead().status());
                assertEquals(List.of("6", "7", "8"), ids(resumed, 3));
                ChannelClient.send(publisher, ChannelClient.publish("replay", "{\"event\":\"tick\",\"data\":9}"));
                assertEquals(List.of("9"), ids(resumed, 1), "then live, nothing twice");
            }
            try (SseTestClient oldest = gateway.connect()) {
                oldest.send(ChannelClient.subscribe("replay", "4"));
                oldest.readHead();
                assertEquals(List.of("5", "6", "7", "8", "9"), ids(oldest, 5), "the oldest kept event is replayable");
            }
            try (SseTestClient tooOld = gateway.connect()) {
                tooOld.send(ChannelClient.subscribe("replay", "2"));
                assertEquals(200, tooOld.readHead().status());
                ReceivedEvent reset = tooOld.nextEvent();
                assertEquals("reset", reset.event());
                assertNull(reset.id());
                ChannelClient.send(publisher, ChannelClient.publish("replay", "{\"event\":\"tick\",\"data\":10}"));
                ReceivedEvent live = tooOld.nextEvent();
                assertEquals("10", live.id(), "after the reset, the live stream");
            }
        }
    }

    private static List<String> ids(SseTestClient client, int count) throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(client.nextEvent().id());
        }
        return ids;
    }

    private static void awaitSubscribers(long count) {
        ChannelStats stats = gateway.server().channels().stats();
        try {
            assertTrue(ClientGoneTest.eventually(stats::subscribers, count, 2000), "subscribers: " + stats.subscribers());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
