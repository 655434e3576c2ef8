package dev.sluice.peer.reactornetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract every bench peer keeps (the bench relies on it byte for byte), run against one peer over real
 * sockets. Subclasses say how to start the peer and how to see that a departed client's timers are gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PeerContractTest {

    /** A started peer; closing it stops it. */
    interface RunningPeer extends AutoCloseable {
        int port();

        @Override
        void close() throws Exception;
    }

    static final long DELAY_MS = 10;
    static final long LONG_DELAY_MS = 5_000;

    private RunningPeer defaultPeer;

    abstract RunningPeer start(long stageDelayMs, int stages) throws Exception;

    @BeforeAll
    void startDefaultPeer() throws Exception {
        defaultPeer = start(DELAY_MS, 6);
    }

    @AfterAll
    void stopDefaultPeer() throws Exception {
        defaultPeer.close();
    }

    int port() {
        return defaultPeer.port();
    }

    @Test
    void getStreamsTheSixStagesThenComplete() throws Exception {
        SseTranscript transcript = SseTranscript.get(port(), "/api/chat/stream?message=hi%20there");
        StageStreamContract.assertStream(transcript, StageStreamContract.DEFAULT_PLAN, DELAY_MS);
    }

    @Test
    void postStreamsTheSixStagesThenComplete() throws Exception {
        SseTranscript transcript = SseTranscript.postJson(port(), "/api/chat/stream", "{\"message\":\"hello\"}");
        StageStreamContract.assertStream(transcript, StageStreamContract.DEFAULT_PLAN, DELAY_MS);
    }

    @Test
    void eachStreamHasItsOwnId() throws Exception {
        String first = SseTranscript.get(port(), "/api/chat/stream?message=a").blocks().get(1).text();
        String second = SseTranscript.get(port(), "/api/chat/stream?message=a").blocks().get(1).text();
        assertNotEquals(streamId(first), streamId(second));
    }

    @Test
    void otherStageCountsUseNumberedStagesWithRoundedProgress() throws Exception {
        try (RunningPeer peer = start(DELAY_MS, 3)) {
            SseTranscript transcript = SseTranscript.get(peer.port(), "/api/chat/stream?message=hi");
            StageStreamContract.assertStream(transcript, List.of(
                    new StageStreamContract.Stage("s1", "s1", 33),
                    new StageStreamContract.Stage("s2", "s2", 67),
                    new StageStreamContract.Stage("s3", "s3", 100)), DELAY_MS);
        }
    }

    @Test
    void zeroDelayStreamsEveryEventInOrder() throws Exception {
        int stages = 2_000;
        try (RunningPeer peer = start(0, stages)) {
            SseTranscript transcript = SseTranscript.get(peer.port(), "/api/chat/stream?message=hi");
            StageStreamContract.assertStreamHeaders(transcript);
            List<SseTranscript.Block> blocks = transcript.blocks();
            assertEquals(stages + 2, blocks.size());
            for (int k = 1; k <= stages; k++) {
                assertTrue(blocks.get(k).text().startsWith("id: " + k + "\nevent: stage\ndata: {"),
                        "event " + k + ": " + blocks.get(k).text());
                assertTrue(blocks.get(k).text().contains("\"stageId\":\"s" + k + "\""), blocks.get(k).text());
            }
            assertTrue(blocks.get(stages + 1).text().startsWith("id: " + (stages + 1) + "\nevent: complete\n"));
        }
    }

    @Test
    void streamIsChunkedAndTheConnectionIsReusedAfterIt() throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(port())) {
            connection.send("GET", "/api/chat/stream?message=hi");
            RawHttpConnection.Response stream = connection.readResponse();
            assertEquals("HTTP/1.1 200 OK", stream.statusLine());
            assertTrue(stream.chunked(), "chunked transfer encoding: " + stream.headers());
            assertEquals("keep-alive", stream.headers().get("connection"));
            assertTrue(stream.body().startsWith("retry: 2000\n\nid: 1\nevent: stage\n"), stream.body());
            assertTrue(stream.body().contains("id: 7\nevent: complete\n") && stream.body().endsWith("}}\n\n"),
                    stream.body());

            connection.send("GET", "/healthz");
            RawHttpConnection.Response health = connection.readResponse();
            assertEquals("HTTP/1.1 200 OK", health.statusLine());
            assertEquals("{\"status\":\"ok\"}", health.body());
        }
    }

    @Test
    void healthzAnswersOk() throws Exception {
        SseTranscript health = SseTranscript.get(port(), "/healthz");
        assertEquals(200, health.status());
        assertEquals("{\"status\":\"ok\"}", health.trailing());
    }

    @Test
    void anythingElseIsNotFound() throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(port())) {
            for (String[] request : new String[][] {
                    {"GET", "/"}, {"GET", "/api/chat"}, {"GET", "/api/chat/stream/x"}, {"PUT", "/api/chat/stream"},
                    {"DELETE", "/healthz"}}) {
                connection.send(request[0], request[1]);
                assertEquals("HTTP/1.1 404 Not Found", connection.readResponse().statusLine(), String.join(" ", request));
            }
        }
    }

    @Test
    void requestWithoutMessageIsRejected() throws Exception {
        assertEquals(400, SseTranscript.get(port(), "/api/chat/stream").status());
        assertEquals(400, SseTranscript.postJson(port(), "/api/chat/stream", "{not json").status());
        assertEquals(400, SseTranscript.postJson(port(), "/api/chat/stream", "{\"text\":\"hi\"}").status());
    }

    /** Something to check while a client holds a stream open. */
    interface WhileOpen {
        void check() throws Exception;
    }

    /**
     * Opens a stream on a peer started with {@link #LONG_DELAY_MS}, reads its first event (which must come at
     * once), runs {@code whileOpen}, and leaves mid-stream by closing the connection.
     */
    static void leaveAfterFirstEvent(int port, WhileOpen whileOpen) throws Exception {
        long sentAt = System.nanoTime();
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            connection.send("GET", "/api/chat/stream?message=hi");
            assertEquals("HTTP/1.1 200 OK", connection.readHead().statusLine());
            connection.readUntil("event: stage\n");
            long firstEventMs = (System.nanoTime() - sentAt) / 1_000_000;
            assertTrue(firstEventMs < LONG_DELAY_MS / 2, "first event at once, not after a stage delay: " + firstEventMs);
            whileOpen.check();
        }
    }

    private static String streamId(String block) {
        Matcher m = Pattern.compile("\"streamId\":\"(s-[0-9a-f]+)\"").matcher(block);
        assertTrue(m.find(), block);
        return m.group(1);
    }
}
