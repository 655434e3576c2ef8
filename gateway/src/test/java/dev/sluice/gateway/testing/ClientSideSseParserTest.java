package dev.sluice.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tests' own SSE parser reads streams as a browser does (HTML standard), whatever the splits. */
class ClientSideSseParserTest {
    private static final String STREAM = "retry: 2000\r\n\r\n"
            + ": ping\n"
            + "id: 1\r"
            + "event: stage\r\n"
            + "data: first\n"
            + "data:second\r"
            + "\r\n"
            + "data: keeps id 1\n\n"
            + "id: 2\u0000x\n"
            + "data: a NUL id is ignored\r\n\r\n"
            + "id:\n"
            + "event: done\n"
            + "data: {\"caf\u00e9\":true}\r\r";

    private static List<String> parse(List<String> pieces) {
        SseParser parser = new SseParser(() -> 0L);
        List<String> seen = new ArrayList<>();
        for (String piece : pieces) {
            for (ReceivedEvent event : parser.feed(piece)) {
                seen.add(event.id() + "|" + event.event() + "|" + event.data());
            }
        }
        assertTrue(parser.isIdle(), "nothing left half-read");
        assertEquals(List.of(2000L), parser.retries());
        assertEquals(List.of("ping"), parser.comments());
        return seen;
    }

    private static final List<String> EXPECTED = List.of(
            "1|stage|first\nsecond",
            "1|null|keeps id 1",
            "1|null|a NUL id is ignored",
            "|done|{\"caf\u00e9\":true}");

    @Test
    void crLfAndCrlfEndLinesTheLastIdPersistsAndANulIdIsIgnored() {
        assertEquals(EXPECTED, parse(List.of(STREAM)));
    }

    @Test
    void theSameEventsWhereverTheTextIsSplit() {
        for (int cut = 1; cut < STREAM.length(); cut++) {
            assertEquals(EXPECTED, parse(List.of(STREAM.substring(0, cut), STREAM.substring(cut))), "cut at " + cut);
        }
    }

    @Test
    void aCrEndingOnePieceAndAnLfStartingTheNextAreOneLineEnd() {
        SseParser parser = new SseParser(() -> 0L);
        List<ReceivedEvent> events = new ArrayList<>();
        for (String piece : List.of("data: a\r", "\ndata: b\r", "\n\r", "\n")) {
            events.addAll(parser.feed(piece));
        }
        assertEquals(1, events.size(), "the LF after each CR is not a second (blank) line");
        assertEquals("a\nb", events.get(0).data());
    }

    @Test
    void fieldsTheGatewayNeverSendsFailTheTest() {
        assertThrows(AssertionError.class, () -> new SseParser().feed("injected: x\n"));
        assertThrows(AssertionError.class, () -> new SseParser().feed("retry: soon\n"));
    }
}
