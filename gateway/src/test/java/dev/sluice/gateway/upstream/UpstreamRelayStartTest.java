package dev.sluice.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import dev.sluice.gateway.sse.SseEventEncoder;
import dev.sluice.gateway.stream.StreamHandle;
import dev.sluice.gateway.stream.StreamRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order in which a relay starts, on a channel whose loop runs tasks when told: the head, the retry
 * hint and {@code accepted} are written and flushed by {@code start} itself; the upstream connection is
 * asked for only in a task, which a real loop runs after every socket it was handling (so other requests'
 * {@code accepted} leave first). The upstream pools here cannot open a connection on this loop, so asking
 * shows up as the stream's {@code upstream_unavailable} error.
 */
class UpstreamRelayStartTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    private final StreamRegistry registry = new StreamRegistry();
    private final UpstreamPools pools = new UpstreamPools(NioSocketChannel.class, 1_000, 0, 0, 1);
    private final List<Object> written = new ArrayList<>();

    @AfterEach
    void release() {
        written.forEach(io.netty.util.ReferenceCountUtil::release);
        channel.finishAndReleaseAll();
    }

    private UpstreamRelay relay(StreamHandle stream) {
        UpstreamRoute route = UpstreamRoute.parse("/a=http://127.0.0.1:9/x");
        return new UpstreamRelay(channel.pipeline().firstContext(), route, pools,
                new UpstreamLimits(1_000, 1_000, 1_000, 1 << 20, 0, 0), new SseEventEncoder(), new JsonFactory(),
                stream, new UpstreamStats().route("/a"),
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/x"),
                (ctx, name, held, onEnd) -> {
                    throw new AssertionError("no hold here");
                }, () -> { });
    }

    private static HttpResponse head() {
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    }

    /** What the channel has been sent since the last call, as text (the head as its status). */
    private List<String> drain() {
        List<String> out = new ArrayList<>();
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            written.add(msg);
            if (msg instanceof HttpResponse response) {
                out.add("head " + response.status().code());
            } else if (msg instanceof LastHttpContent) {
                out.add("last");
            } else if (msg instanceof HttpContent content) {
                ByteBuf bytes = content.content();
                out.add(bytes.toString(StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void startFlushesAcceptedAndAsksForTheUpstreamOnlyInALaterTask() {
        StreamHandle stream = registry.open("/a");
        relay(stream).start(head(), 2000);
        assertEquals(List.of("head 200", "retry: 2000\n\nid: 1\nevent: stage\ndata: {\"streamId\":\"" + stream.id()
                + "\",\"seq\":1,\"stageId\":\"accepted\",\"label\":\"Request accepted\",\"progress\":0,"
                + "\"elapsedMs\":0}\n\n"), drain(), "written and flushed by start, no connect tried yet");

        channel.runPendingTasks();
        List<String> after = drain();
        assertEquals(2, after.size(), "the stream asked for its connection only now: " + after);
        assertTrue(after.get(0).startsWith("id: 2\nevent: error\n") && after.get(0).contains("upstream_unavailable"),
                after.get(0));
        assertEquals("last", after.get(1));
    }

    @Test
    void aClientThatLeavesBeforeItsTurnNeverAsksForAConnection() {
        StreamHandle stream = registry.open("/a");
        UpstreamRelay relay = relay(stream);
        relay.start(head(), 2000);
        assertEquals(2, drain().size());
        relay.clientGone();
        channel.runPendingTasks();
        assertEquals(List.of(), drain(), "no connect, so no error either");
        assertNull(pools.existing(channel.eventLoop(), UpstreamRoute.parse("/a=http://127.0.0.1:9/x").target().address()),
                "no pool was even made for the upstream");
    }
}
