package dev.sluice.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sluice.gateway.stream.StreamHandle;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.stream.StreamRefusedException;
import dev.sluice.gateway.stream.StreamRegistry;
import dev.sluice.gateway.stream.StreamTimers;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The access log's one line per stream, captured with a logback {@link ListAppender}. */
class AccessLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final MockTicker clock = Ticker.newMockTicker();
    private final StreamRegistry streams = new StreamRegistry(1, new StreamTimers(0, 0, 0), new AccessLog());
    private Level levelBefore;

    @BeforeEach
    void capture() {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.INFO);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
        logger.setLevel(levelBefore);
    }

    @Test
    void aStreamWritesOneLineWhenItEnds() {
        StreamHandle stream = streams.open("POST", "/api/chat/stream", clock);
        stream.eventSent(120);
        clock.advance(912, TimeUnit.MILLISECONDS);
        stream.eventSent(80);
        assertEquals(0, lines.list.size(), "nothing is logged while the stream runs");

        stream.end(StreamOutcome.COMPLETED);
        stream.end(StreamOutcome.CLIENT_GONE);

        assertEquals(1, lines.list.size(), "exactly one line, however many end paths race");
        assertEquals("id=" + stream.id() + " method=POST path=/api/chat/stream status=200 events=2 bytes=200"
                + " duration_ms=912 outcome=completed protocol=h1", lines.list.get(0).getFormattedMessage());
    }

    /** The line is built in a builder its thread keeps: a long one must leave nothing behind. */
    @Test
    void aLongLineLeavesNothingInTheNextOne() {
        String longPath = "/api/" + "x".repeat(3000);
        StreamHandle first = streams.open("GET", longPath, clock);
        first.end(StreamOutcome.CLIENT_GONE);
        StreamHandle second = streams.open("GET", "/s", clock);
        second.end(StreamOutcome.ERROR);

        assertEquals("id=" + first.id() + " method=GET path=" + longPath + " status=200 events=0 bytes=0"
                + " duration_ms=0 outcome=client_gone protocol=h1", lines.list.get(0).getFormattedMessage());
        assertEquals("id=" + second.id() + " method=GET path=/s status=200 events=0 bytes=0 duration_ms=0"
                + " outcome=error protocol=h1", lines.list.get(1).getFormattedMessage());
    }

    @Test
    void aRefusedStreamWritesA503Line() {
        streams.open("GET", "/api/chat/stream", clock);
        assertThrows(StreamRefusedException.class, () -> streams.open("GET", "/api/chat/stream", clock));

        assertEquals(1, lines.list.size());
        assertEquals("id=- method=GET path=/api/chat/stream status=503 events=0 bytes=0 duration_ms=0"
                + " outcome=rejected", lines.list.get(0).getFormattedMessage());
    }

    @Test
    void aDisabledLoggerWritesNothing() {
        logger.setLevel(Level.WARN);
        streams.open("GET", "/api/chat/stream", clock).end(StreamOutcome.CLIENT_GONE);
        assertEquals(0, lines.list.size());
    }
}
