package dev.sluice.gateway.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.bus.BusMessage;
import dev.sluice.gateway.bus.ChannelHomes;
import dev.sluice.gateway.bus.InProcessBus;
import dev.sluice.gateway.http.RequestRouter;
import dev.sluice.gateway.http.Route;
import dev.sluice.gateway.http.RouteTable;
import dev.sluice.gateway.log.SubscriberSettings;
import dev.sluice.gateway.sse.SseEventEncoder;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.stream.StreamRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Channel subscribers on {@link EmbeddedChannel}s behind the real router: subscribe, publish, replay,
 * unsubscribe, limits and the idle close, with the home loop's clock frozen.
 */
class ChannelHubTest {
    private static final long IDLE_MS = 1000;

    private final EmbeddedChannel home = new EmbeddedChannel();
    private final List<EmbeddedChannel> subscribers = new ArrayList<>();
    private final StreamRegistry registry = new StreamRegistry();
    private ChannelHub hub;
    private RouteTable routes;

    private void hub(int maxSubscribers) {
        home.freezeTime();
        ChannelHomes homes = ChannelHomes.single(home.eventLoop());
        hub = new ChannelHub(homes, new InProcessBus(homes),
                new ChannelLimits(List.of("t"), 2, maxSubscribers, 65_536, 3, 1 << 20, IDLE_MS),
                PooledByteBufAllocator.DEFAULT);
        SubscriberSettings settings = new SubscriberSettings(new SseEventEncoder(), 2000, hub.stats());
        ChannelStreamRoute route = new ChannelStreamRoute(hub, registry, settings,
                path -> RouteTable.segment(ChannelPaths.STREAM, path));
        routes = RouteTable.builder().add(new Route(ChannelPaths.STREAM, Set.of(HttpMethod.GET), route)).build();
    }

    @AfterEach
    void releaseEverything() {
        subscribers.forEach(EmbeddedChannel::finishAndReleaseAll);
        if (hub != null) {
            hub.closeAll();
        }
        pump();
        home.finishAndReleaseAll();
    }

    private EmbeddedChannel subscribe(String channel, String lastEventId) {
        EmbeddedChannel subscriber = new EmbeddedChannel(new RequestRouter(routes));
        subscribers.add(subscriber);
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                "/api/channels/" + channel + "/stream");
        if (lastEventId != null) {
            request.headers().set("last-event-id", lastEventId);
        }
        subscriber.writeInbound(request);
        pump();
        return subscriber;
    }

    /** Runs what every loop has queued, until nothing is left: hand-offs go home and back. */
    private void pump() {
        for (int i = 0; i < 4; i++) {
            home.runPendingTasks();
            subscribers.forEach(EmbeddedChannel::runPendingTasks);
        }
    }

    private long[] publish(String channel, BusMessage... messages) {
        CompletableFuture<long[]> ids = hub.publish(channel, List.of(messages)).toCompletableFuture();
        pump();
        assertTrue(ids.isDone(), "the publish is answered once the home loop ran");
        return ids.join();
    }

    private static BusMessage event(String name, String json) {
        return BusMessage.event(name, json.getBytes(StandardCharsets.UTF_8), false);
    }

    /** The outbound content buffers (retained for inspection; release with {@link #texts}). */
    private static List<HttpContent> contents(EmbeddedChannel channel) {
        List<HttpContent> contents = new ArrayList<>();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            if (message instanceof HttpContent content) {
                contents.add(content);
            } else {
                assertInstanceOf(HttpResponse.class, message);
            }
        }
        return contents;
    }

    private static List<String> texts(List<HttpContent> contents) {
        List<String> texts = new ArrayList<>();
        for (HttpContent content : contents) {
            texts.add(content instanceof LastHttpContent ? "<last>" : content.content().toString(StandardCharsets.UTF_8));
            content.release();
        }
        return texts;
    }

    @Test
    void everySubscriberGetsTheSameEncodedBytesInOrder() {
        hub(10);
        EmbeddedChannel a = subscribe("news", null);
        EmbeddedChannel b = subscribe("news", null);
        assertEquals(List.of("retry: 2000\n\n"), texts(contents(a)));
        assertEquals(List.of("retry: 2000\n\n"), texts(contents(b)));
        assertEquals(2, hub.stats().subscribers());

        long[] ids = publish("news", event("tick", "{\"n\":1}"), event("tick", "{\"n\":2}"));
        assertEquals(List.of(1L, 2L), List.of(ids[0], ids[1]));
        List<HttpContent> fromA = contents(a);
        List<HttpContent> fromB = contents(b);
        ByteBuf viewA = fromA.get(0).content();
        ByteBuf viewB = fromB.get(0).content();
        assertNotNull(viewA.unwrap(), "a subscriber writes a view, not its own copy");
        assertTrue(viewA.hasMemoryAddress());
        assertEquals(viewA.memoryAddress(), viewB.memoryAddress(), "both write views of one encoded buffer");
        assertEquals(List.of("id: 1\nevent: tick\ndata: {\"n\":1}\n\nid: 2\nevent: tick\ndata: {\"n\":2}\n\n"),
                texts(fromA), "the publish's two events, each whole, in one chunk");
        texts(fromB);
        assertEquals(2, hub.stats().publishedEvents());
        assertEquals(4, hub.stats().deliveredEvents());
    }

    @Test
    void aSubscriberThatLeavesIsCountedOutAndAnIdleChannelClosesAndFreesItsLog() {
        hub(10);
        EmbeddedChannel a = subscribe("news", null);
        publish("news", event("tick", "1"));
        texts(contents(a));
        a.close();
        pump();
        assertEquals(0, hub.stats().subscribers());
        assertEquals(1, registry.endedStreams(StreamOutcome.CLIENT_GONE));
        assertEquals(1, hub.channels());

        home.advanceTimeBy(IDLE_MS - 1, TimeUnit.MILLISECONDS);
        home.runScheduledPendingTasks();
        assertEquals(1, hub.channels(), "kept for the resume window");
        EmbeddedChannel resumed = subscribe("news", "0");
        assertEquals(List.of("retry: 2000\n\n", "id: 1\nevent: tick\ndata: 1\n\n"), texts(contents(resumed)),
                "a subscriber within the window gets the log");
        resumed.close();
        pump();

        home.advanceTimeBy(IDLE_MS, TimeUnit.MILLISECONDS);
        home.runScheduledPendingTasks();
        assertEquals(0, hub.channels(), "closed after the window with nobody subscribed; its log released");
    }

    @Test
    void aCloseEventEndsEverySubscribersResponseAndTheConnectionServesOn() {
        hub(10);
        EmbeddedChannel a = subscribe("job-1", null);
        texts(contents(a));
        publish("job-1", event("stage", "{\"p\":50}"), BusMessage.event("done", "{}".getBytes(StandardCharsets.UTF_8), true));
        assertEquals(List.of("id: 1\nevent: stage\ndata: {\"p\":50}\n\nid: 2\nevent: done\ndata: {}\n\n", "<last>"),
                texts(contents(a)));
        assertEquals(1, registry.endedStreams(StreamOutcome.COMPLETED));
        assertTrue(a.isOpen());
        pump();
        assertEquals(0, hub.stats().subscribers(), "an ended subscriber leaves the channel");

        EmbeddedChannel late = subscribe("job-1", "2");
        Object head = late.readOutbound();
        assertEquals(HttpResponseStatus.NO_CONTENT, assertInstanceOf(FullHttpResponse.class, head).status(),
                "asking after the closing event: nothing more will come");
        ((FullHttpResponse) head).release();
    }

    @Test
    void limitsRefuseWith503() {
        hub(1);
        subscribe("a", null);
        EmbeddedChannel second = subscribe("a", null);
        FullHttpResponse refused = assertInstanceOf(FullHttpResponse.class, second.readOutbound());
        assertEquals(HttpResponseStatus.SERVICE_UNAVAILABLE, refused.status());
        assertTrue(refused.content().toString(StandardCharsets.UTF_8).contains("too_many_subscribers"));
        refused.release();
        assertEquals(1, registry.endedStreams(StreamOutcome.REJECTED));

        subscribe("b", null);
        EmbeddedChannel third = subscribe("c", null);
        FullHttpResponse noRoom = assertInstanceOf(FullHttpResponse.class, third.readOutbound());
        assertTrue(noRoom.content().toString(StandardCharsets.UTF_8).contains("too_many_channels"));
        noRoom.release();
        CompletableFuture<long[]> publish = hub.publish("d", List.of(event("x", "1"))).toCompletableFuture();
        pump();
        assertTrue(publish.isCompletedExceptionally(), "a publish to a new channel beyond the limit fails");
    }
}
