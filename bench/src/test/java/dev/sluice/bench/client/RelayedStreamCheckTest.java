package dev.sluice.bench.client;

import dev.sluice.bench.client.StreamCheck.Verdict;
import dev.sluice.bench.sse.SseEvent;
import dev.sluice.bench.sse.SseParser;
import dev.sluice.bench.stats.ClientResult;
import dev.sluice.bench.stats.EventSchedule;
import dev.sluice.bench.stats.FailureReason;
import dev.sluice.bench.stats.LoadStats;
import dev.sluice.bench.stats.StreamClock;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks of a stream Sluice relays from an SSE app server (sidecar mode), on real transcripts. */
class RelayedStreamCheckTest {

    /** Sluice's own first frames, as it sends them before the upstream has answered. */
    private static final String ACCEPTED = "retry: 2000\n\nid: 1\nevent: stage\n"
            + "data: {\"streamId\":\"s-9a4728ee2fafc422\",\"seq\":1,\"stageId\":\"accepted\","
            + "\"label\":\"Request accepted\",\"progress\":0,\"elapsedMs\":0}\n\n";

    /** node-seed's stream as Sluice relays it: its retry, its own ids, event names and data. */
    private static final String UPSTREAM = "retry: 2000\n\n"
            + stage(1, "init", 5) + stage(2, "intent", 15) + stage(3, "retrieve", 35) + stage(4, "reason", 60)
            + stage(5, "generate", 85) + stage(6, "finalize", 100)
            + "id: 7\nevent: complete\ndata: {\"streamId\":\"s-935e223498135718\",\"seq\":7,\"progress\":100,"
            + "\"elapsedMs\":610,\"stageMs\":{\"init\":103,\"intent\":103,\"retrieve\":100,\"reason\":101,"
            + "\"generate\":102,\"finalize\":100}}\n\n";

    private static String stage(int seq, String id, int progress) {
        return "id: " + seq + "\nevent: stage\ndata: {\"streamId\":\"s-935e223498135718\",\"seq\":" + seq
                + ",\"stageId\":\"" + id + "\",\"label\":\"" + id + "\",\"progress\":" + progress
                + ",\"elapsedMs\":" + (seq - 1) * 100 + "}\n\n";
    }

    private static List<SseEvent> events(String body) {
        List<SseEvent> events = new ArrayList<>();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        new SseParser(events::add).feed(bytes, 0, bytes.length);
        return events;
    }

    private static List<Verdict> verdicts(StreamCheck check, String body) {
        List<Verdict> verdicts = new ArrayList<>();
        for (SseEvent event : events(body)) {
            verdicts.add(check.onEvent(event));
        }
        return verdicts;
    }

    @Test
    void acceptsAcceptedThenTheUpstreamsSixStagesAndComplete() {
        StreamCheck check = new StreamCheck(7, true);
        List<Verdict> verdicts = verdicts(check, ACCEPTED + UPSTREAM);
        assertEquals(8, verdicts.size());
        assertEquals(List.of(Verdict.CONTINUE, Verdict.CONTINUE, Verdict.CONTINUE, Verdict.CONTINUE, Verdict.CONTINUE,
                Verdict.CONTINUE, Verdict.CONTINUE, Verdict.COMPLETE), verdicts);
        assertTrue(check.isComplete());
        assertNull(check.problem());
    }

    @Test
    void withoutACountTheUpstreamsCompleteEndsIt() {
        StreamCheck check = new StreamCheck(0, true);
        assertEquals(Verdict.COMPLETE, verdicts(check, ACCEPTED + UPSTREAM).get(7));
    }

    @Test
    void theDirectStreamIsNotARelayedOne() {
        // Without Sluice's accepted event, the upstream's init (id 1, stage, seq 1) is not accepted.
        StreamCheck check = new StreamCheck(7, true);
        assertEquals(Verdict.INVALID, check.onEvent(events(UPSTREAM).get(0)));
        assertTrue(check.problem().contains("accepted"), check.problem());
        // And the relayed stream is not a direct one: accepted then init is id 1 twice.
        StreamCheck direct = new StreamCheck(7);
        assertTrue(verdicts(direct, ACCEPTED + UPSTREAM).contains(Verdict.INVALID));
    }

    @Test
    void rejectsAWrongOpeningEvent() {
        assertEquals(Verdict.INVALID, new StreamCheck(7, true).onEvent(new SseEvent("2", "stage",
                "{\"seq\":1,\"stageId\":\"accepted\"}")));
        assertEquals(Verdict.INVALID, new StreamCheck(7, true).onEvent(new SseEvent("1", "message",
                "{\"seq\":1,\"stageId\":\"accepted\"}")));
        assertEquals(Verdict.INVALID, new StreamCheck(7, true).onEvent(new SseEvent("1", "stage",
                "{\"seq\":2,\"stageId\":\"accepted\"}")));
        assertEquals(Verdict.INVALID, new StreamCheck(7, true).onEvent(new SseEvent("1", "stage",
                "{\"seq\":1,\"stageId\":\"init\"}")));
        assertEquals(Verdict.INVALID, new StreamCheck(7, true).onEvent(new SseEvent("1", "stage", "accepted")));
    }

    @Test
    void rejectsRenumberedDuplicatedTruncatedOrFailedUpstreamEvents() {
        // Re-numbered after accepted (2..8) instead of keeping the upstream's ids.
        StreamCheck renumbered = new StreamCheck(7, true);
        renumbered.onEvent(events(ACCEPTED).get(0));
        assertEquals(Verdict.INVALID,
                renumbered.onEvent(new SseEvent("2", "stage", "{\"seq\":2,\"stageId\":\"init\"}")));

        // accepted twice.
        assertTrue(verdicts(new StreamCheck(7, true), ACCEPTED + ACCEPTED + UPSTREAM).contains(Verdict.INVALID));

        // The upstream's stream cut after four stages: valid so far, but not complete.
        String cut = UPSTREAM.substring(0, UPSTREAM.indexOf("id: 5"));
        StreamCheck truncated = new StreamCheck(7, true);
        assertFalse(verdicts(truncated, ACCEPTED + cut).contains(Verdict.INVALID));
        assertFalse(truncated.isComplete());

        // The gateway's error event ends a relayed stream that the upstream broke, and the problem says so.
        StreamCheck failed = new StreamCheck(7, true);
        verdicts(failed, ACCEPTED + cut);
        assertEquals(Verdict.INVALID, failed.onEvent(new SseEvent("5", "error",
                "{\"streamId\":\"s-1\",\"code\":\"upstream_reset\",\"message\":\"closed\"}")));
        assertTrue(failed.problem().contains("upstream_reset"), failed.problem());
        // Also when the upstream could not be reached at all: accepted, then the gateway's error as id 2.
        StreamCheck unreachable = new StreamCheck(7, true);
        unreachable.onEvent(events(ACCEPTED).get(0));
        assertEquals(Verdict.INVALID, unreachable.onEvent(new SseEvent("2", "error",
                "{\"streamId\":\"s-1\",\"code\":\"upstream_timeout\",\"message\":\"no connection\"}")));
        assertTrue(unreachable.problem().contains("upstream_timeout"), unreachable.problem());

        // An extra event after the upstream's complete.
        assertTrue(verdicts(new StreamCheck(0, true), ACCEPTED + UPSTREAM + stage(8, "extra", 100))
                .contains(Verdict.INVALID));
    }

    @Test
    void theClientCompletesARelayedResponseAndTimesTheFirstUpstreamEvent() {
        LoadStats stats = new LoadStats();
        long now = System.nanoTime();
        EventSchedule schedule = EventSchedule.ofStageDelays(new long[] {0, 100, 100, 100, 100, 100, 100});
        List<StreamOutcome> outcomes = new ArrayList<>();
        StreamHandler handler = new StreamHandler(
                new byte[0],
                new StreamClock(now, schedule, stats, 2), new StreamCheck(7, true), stats,
                now + TimeUnit.MINUTES.toNanos(1), Long.MAX_VALUE, false, outcomes::add);
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        channel.writeInbound(Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\n"
                + "content-type: text/event-stream; charset=utf-8\r\ntransfer-encoding: chunked\r\n\r\n",
                StandardCharsets.US_ASCII));
        for (String part : new String[] {ACCEPTED, UPSTREAM.substring(0, 301), UPSTREAM.substring(301)}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            channel.writeInbound(Unpooled.copiedBuffer(Integer.toHexString(bytes.length) + "\r\n" + part + "\r\n",
                    StandardCharsets.UTF_8));
        }
        channel.writeInbound(Unpooled.copiedBuffer("0\r\n\r\n", StandardCharsets.US_ASCII));
        channel.finishAndReleaseAll();

        assertEquals(List.of(StreamOutcome.COMPLETED), outcomes);
        ClientResult result = stats.result(1);
        assertEquals(1, result.completed());
        assertEquals(8, result.events());
        assertEquals(1, result.latency().firstEvent().getTotalCount());
        assertEquals(1, result.latency().firstUpstreamEvent().getTotalCount());
        assertEquals(8, result.latency().lateness().getTotalCount());
    }

    @Test
    void theClientFailsARelayedResponseWithTheWrongContentTypeOrStatus() {
        for (String head : new String[] {"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n",
                "HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/event-stream\r\n"}) {
            LoadStats stats = new LoadStats();
            long now = System.nanoTime();
            StreamHandler handler = new StreamHandler(
                    new byte[0],
                    new StreamClock(now, EventSchedule.uniform(7, 0), stats, 2), new StreamCheck(7, true), stats,
                    now + TimeUnit.MINUTES.toNanos(1), Long.MAX_VALUE, false, outcome -> { });
            EmbeddedChannel channel = new EmbeddedChannel(handler);
            channel.writeInbound(Unpooled.copiedBuffer(head + "content-length: 0\r\n\r\n", StandardCharsets.US_ASCII));
            channel.finishAndReleaseAll();
            ClientResult result = stats.result(1);
            assertEquals(1, result.failed(), head);
            long expected = head.contains("502") ? 1 : 0;
            assertEquals(expected, result.failures().get(FailureReason.STATUS), head);
            assertEquals(1 - expected, result.failures().get(FailureReason.PROTOCOL), head);
        }
    }
}
