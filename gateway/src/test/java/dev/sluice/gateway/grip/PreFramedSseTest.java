package dev.sluice.gateway.grip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PreFramedSseTest {

    private static String problem(String content) {
        return PreFramedSse.problem(content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void wholeEventsPassAsTheyAre() {
        assertNull(problem("data: hello\n\n"));
        assertNull(problem("id: 7\nevent: progress\ndata: {\"p\":1}\ndata: two\n\n"));
        assertNull(problem("data: a\r\n\r\n"));
        assertNull(problem("event: one\ndata: 1\n\nevent: two\ndata: 2\n\n"));
        assertNull(problem("retry: 1000\n\n"));
    }

    @Test
    void commentsNeedNoBlankLine() {
        assertNull(problem(": keep-alive\n"));
        assertNull(problem("data: x\n\n: trailing comment\n"));
    }

    @Test
    void contentThatWouldLeaveAnEventOpenIsRefused() {
        assertEquals("content does not end on an event boundary (a blank line)", problem("data: hello\n"));
        assertEquals("content does not end with a line end", problem("data: hello"));
        assertEquals("content does not end on an event boundary (a blank line)", problem("data: a\n\ndata: b\n"));
        assertEquals("content does not end on an event boundary (a blank line)", problem(": c\ndata: b\n"));
    }

    @Test
    void bareCarriageReturnsNulAndBadUtf8AreRefused() {
        assertEquals("content contains a CR not followed by LF", problem("data: a\r\r"));
        assertEquals("content contains a CR not followed by LF", problem("data: a\rdata: b\n\n"));
        assertEquals("content contains a CR not followed by LF", problem("data: a\n\n\r"));
        assertEquals("content contains a NUL byte", problem("id: a\0b\n\n"));
        assertEquals("content is not valid UTF-8", PreFramedSse.problem(new byte[] {'d', ':', (byte) 0xC3, '\n', '\n'}));
        assertEquals("content is empty", problem(""));
    }
}
