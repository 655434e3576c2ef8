package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.channel.ChannelStats;
import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.testing.ReceivedEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fan-out over real sockets (SPEC section 9): a thousand subscribers of one channel each get every
 * event, in order; a subscriber that never reads is dropped by the slow-client policy while the
 * others, and the publisher, carry on at full speed.
 */
class ChannelFanOutTest {
    private static final long SLOW_CLIENT_TIMEOUT_MS = 1000;

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(Map.of(
            ConfigOption.PUBLISH_TOKENS, ChannelClient.TOKEN,
            ConfigOption.SLOW_CLIENT_TIMEOUT_MS, Long.toString(SLOW_CLIENT_TIMEOUT_MS)));

    @Test
    void aThousandSubscribersOfOneChannelGetEveryEventInOrder() throws Exception {
        int subscribers = 1000;
        int events = 20;
        List<SseTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < subscribers; i++) {
                SseTestClient client = gateway.connect();
                clients.add(client);
                client.send(ChannelClient.subscribe("fan", null));
            }
            for (SseTestClient client : clients) {
                assertEquals(200, client.readHead().status());
            }
            awaitSubscribers(subscribers);
            try (SseTestClient publisher = gateway.connect()) {
                for (int batch = 0; batch < events / 5; batch++) {
                    StringBuilder ndjson = new StringBuilder();
                    for (int k = 1; k <= 5; k++) {
                        ndjson.append("{\"event\":\"tick\",\"data\":{\"n\":").append(batch * 5 + k).append("}}\n");
                    }
                    assertEquals(202, ChannelClient.send(publisher, ChannelClient.publish("fan", "application/x-ndjson",
                            ndjson.toString(), "Bearer " + ChannelClient.TOKEN)).status());
                }
                assertEquals(202, ChannelClient.send(publisher, ChannelClient.publish("fan",
                        "{\"event\":\"end\",\"data\":{},\"close\":true}")).status());
            }
            for (SseTestClient client : clients) {
                List<ReceivedEvent> received = client.readEvents();
                assertEquals(events + 1, received.size());
                for (int n = 1; n <= events; n++) {
                    ReceivedEvent event = received.get(n - 1);
                    assertEquals(Integer.toString(n), event.id());
                    assertEquals("{\"n\":" + n + "}", event.data());
                }
                assertEquals("end", received.get(events).event());
            }
            ChannelStats stats = gateway.server().channels().stats();
            assertTrue(stats.deliveredEvents() >= (long) subscribers * (events + 1));
        } finally {
            for (SseTestClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void aSubscriberThatNeverReadsIsDroppedWhileTheOthersAndThePublisherCarryOn() throws Exception {
        int events = 300;
        String payload = "x".repeat(8000);
        ChannelStats stats = gateway.server().channels().stats();
        long droppedBefore = stats.droppedSubscribers();
        long subscribersBefore = stats.subscribers();
        ExecutorService readers = Executors.newFixedThreadPool(3);
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(2048);
            stalled.connect(new InetSocketAddress("127.0.0.1", gateway.port()));
            stalled.getOutputStream().write(ChannelClient.subscribe("mixed", null).getBytes(StandardCharsets.US_ASCII));
            List<SseTestClient> fast = new ArrayList<>();
            List<Future<List<ReceivedEvent>>> received = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    SseTestClient client = gateway.connect();
                    fast.add(client);
                    client.send(ChannelClient.subscribe("mixed", null));
                    assertEquals(200, client.readHead().status());
                    received.add(readers.submit(client::readEvents));
                }
                awaitSubscribers(subscribersBefore + 4);

                long lastAnswered;
                try (SseTestClient publisher = gateway.connect()) {
                    // Five events per request (40 KB), so the publisher is not the slow part on a loaded machine.
                    for (int first = 1; first <= events; first += 5) {
                        StringBuilder ndjson = new StringBuilder();
                        for (int n = first; n < first + 5; n++) {
                            ndjson.append("{\"event\":\"blob\",\"data\":{\"n\":").append(n).append(",\"pad\":\"")
                                    .append(payload).append("\"},\"close\":").append(n == events).append("}\n");
                        }
                        assertEquals(202, ChannelClient.send(publisher, ChannelClient.publish("mixed",
                                "application/x-ndjson", ndjson.toString(), "Bearer " + ChannelClient.TOKEN)).status(),
                                "every publish is answered at once, whoever is stalled");
                    }
                    lastAnswered = System.nanoTime();
                }
                for (Future<List<ReceivedEvent>> future : received) {
                    List<ReceivedEvent> got = future.get(10, TimeUnit.SECONDS);
                    assertEquals(events, got.size(), "a fast subscriber gets every event");
                    for (int n = 1; n <= events; n++) {
                        assertEquals(Integer.toString(n), got.get(n - 1).id());
                    }
                }
                long behindMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastAnswered);
                assertTrue(behindMs < SLOW_CLIENT_TIMEOUT_MS,
                        "the fast subscribers had everything " + behindMs + " ms after the last publish,"
                                + " before the stalled one could have been dropped: it held nobody back");

                assertTrue(ClientGoneTest.eventually(stats::droppedSubscribers, droppedBefore + 1,
                        SLOW_CLIENT_TIMEOUT_MS + 3000), "the stalled subscriber is dropped as slow");
                assertTrue(readsToTheEnd(stalled), "its connection is closed");
            } finally {
                for (SseTestClient client : fast) {
                    client.close();
                }
            }
        } finally {
            readers.shutdownNow();
        }
    }

    private static boolean readsToTheEnd(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        try {
            while (in.read(buffer) >= 0) {
                // drain what was queued before the close
            }
            return true;
        } catch (SocketException reset) {
            return true;
        }
    }

    private static void awaitSubscribers(long count) throws InterruptedException {
        ChannelStats stats = gateway.server().channels().stats();
        assertTrue(ClientGoneTest.eventually(stats::subscribers, count, 5000), () -> "subscribers: " + stats.subscribers());
    }
}
