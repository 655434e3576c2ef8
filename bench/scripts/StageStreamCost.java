import dev.sluice.gateway.http.ChatRequestReader;
import dev.sluice.gateway.http.RequestRouter;
import dev.sluice.gateway.http.Route;
import dev.sluice.gateway.http.RouteTable;
import dev.sluice.gateway.sse.SseEventEncoder;
import dev.sluice.gateway.stage.ChatStreamHandler;
import dev.sluice.gateway.stage.StagePlan;
import dev.sluice.gateway.stream.StreamRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own cost of a stage stream, without sockets or a client: streams run through the stage
 * route, the router and Netty's HTTP encoder on an EmbeddedChannel whose clock the program moves, and
 * the thread's CPU time and allocated bytes are divided by the events written. No kernel, no client,
 * no other process in the figure, so it compares builds even on a busy machine (the wall clock is not
 * used). Run with a gateway jar on the class path (a single-file program, no build step):
 *
 * <pre>
 * java -cp gateway/target/sluice-gateway.jar bench/scripts/StageStreamCost.java STAGES DELAY_MS STREAMS
 * </pre>
 *
 * {@code 2000 0 300} is the firehose's stream (2,000 zero-delay stages); {@code 6 100 20000} the
 * default plan. Four rounds; the last is the warm figure.
 */
public class StageStreamCost {
    public static void main(String[] args) {
        int stages = Integer.parseInt(args[0]);
        long delayMs = Long.parseLong(args[1]);
        int streams = Integer.parseInt(args[2]);
        StringBuilder plan = new StringBuilder();
        for (int k = 1; k <= stages; k++) {
            plan.append(k == 1 ? "" : ",").append("s").append(k).append(":").append(k * 100 / stages).append(":")
                    .append(delayMs);
        }
        StagePlan stagePlan = stages == 6 ? StagePlan.defaultPlan(delayMs) : StagePlan.parse(plan.toString(), delayMs);
        StreamRegistry registry = new StreamRegistry();
        ChatStreamHandler handler = new ChatStreamHandler(new ChatRequestReader(4000), stagePlan, 2000,
                new SseEventEncoder(), registry);
        RouteTable routes = RouteTable.builder()
                .add(new Route("/api/chat/stream", Set.of(HttpMethod.GET, HttpMethod.POST), handler))
                .build();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        for (int round = 0; round < 4; round++) {
            long events = 0;
            long wire = 0;
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long allocatedBefore = threads.getThreadAllocatedBytes(self);
            for (int s = 0; s < streams; s++) {
                EmbeddedChannel channel = new EmbeddedChannel();
                channel.freezeTime();
                channel.pipeline().addLast(new HttpResponseEncoder(), new HttpServerKeepAliveHandler(),
                        new RequestRouter(routes));
                channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                        "/api/chat/stream?message=hello"));
                for (int i = 0; i <= stages + 2; i++) {
                    if (delayMs > 0) {
                        channel.advanceTimeBy(delayMs, TimeUnit.MILLISECONDS);
                    }
                    channel.runScheduledPendingTasks();
                    channel.runPendingTasks();
                    Object written;
                    while ((written = channel.readOutbound()) != null) {
                        wire += ((ByteBuf) written).readableBytes();
                        ReferenceCountUtil.release(written);
                    }
                }
                channel.finishAndReleaseAll();
                events += stages + 1;
            }
            long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
            long allocated = threads.getThreadAllocatedBytes(self) - allocatedBefore;
            System.out.printf("round %d: %d streams x %d events: %.3f us CPU per event, %.0f B allocated per event,"
                    + " %.0f B per stream, %d wire bytes per stream%n", round, streams, stages + 1,
                    cpu / 1e3 / events, (double) allocated / events, (double) allocated / streams, wire / streams);
        }
    }
}
