package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.metrics.AccessLog;
import dev.sluice.gateway.testing.ReceivedEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The other stream kinds of SPEC sections 8 and 9 as HTTP/2 streams on one connection: a channel
 * subscriber gets what a publisher on another stream of the same connection publishes, and a stage
 * stream cut short resumes with {@code last-event-id} on a new stream; the access log names the protocol.
 */
class Http2StreamKindsTest {
    private static final String TOKEN = "h2-test-token";

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.tls(Map.of(
            ConfigOption.STAGE_DELAY_MS, "100",
            ConfigOption.PUBLISH_TOKENS, TOKEN));

    @Test
    void theAccessLogLineOfAnHttp2StreamSaysH2() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        Level before = logger.getLevel();
        logger.setLevel(Level.INFO);
        lines.start();
        logger.addAppender(lines);
        try (H2TestClient client = H2TestClient.connect(gateway.port(), 65_535)) {
            H2TestClient.Stream stream = client.get("/api/chat/stream?message=logged");
            stream.awaitEnd(5_000);
            String id = String.valueOf(stream.events().get(0).json().get("streamId"));
            long deadline = System.nanoTime() + 5_000_000_000L;
            String line = null;
            while (line == null && System.nanoTime() < deadline) {
                line = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
                        .filter(text -> text.startsWith("id=" + id + " ")).findFirst().orElse(null);
                Thread.sleep(5);
            }
            assertTrue(line != null && line.endsWith(" outcome=completed protocol=h2"), String.valueOf(line));
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(before);
        }
    }

    @Test
    void aChannelSubscriberGetsWhatIsPublishedOnAnotherStream() throws Exception {
        try (H2TestClient client = H2TestClient.connect(gateway.port(), 65_535)) {
            H2TestClient.Stream subscriber = client.get("/api/channels/h2-news/stream");
            assertEquals("200", subscriber.headers(5_000).status().toString());
            H2TestClient.Stream publish = client.open("POST", "/api/channels/h2-news/events",
                    Map.of("authorization", "Bearer " + TOKEN),
                    "{\"event\":\"headline\",\"data\":{\"n\":1},\"close\":true}", true);
            publish.awaitEnd(5_000);
            assertEquals("202", publish.headers(0).status().toString(), publish.body());
            subscriber.awaitEnd(5_000);
            List<ReceivedEvent> events = subscriber.events();
            assertEquals(1, events.size(), subscriber.body());
            assertEquals("headline", events.get(0).event());
            assertEquals(Map.of("n", 1L), events.get(0).json());
        }
    }

    @Test
    void aStageStreamCutShortResumesOnANewStreamWithLastEventId() throws Exception {
        try (H2TestClient client = H2TestClient.connect(gateway.port(), 65_535)) {
            H2TestClient.Stream first = client.get("/api/chat/stream?message=resume%20me");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (first.events().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            first.cancel();
            ReceivedEvent last = first.events().get(first.events().size() - 1);
            H2TestClient.Stream resumed = client.open("GET", "/api/chat/stream?message=resume%20me",
                    Map.of("last-event-id", last.id()), null, true);
            resumed.awaitEnd(5_000);
            List<ReceivedEvent> rest = resumed.events();
            assertTrue(!rest.isEmpty(), resumed.body());
            long lastSeq = ((Number) last.json().get("seq")).longValue();
            assertEquals(lastSeq + 1, ((Number) rest.get(0).json().get("seq")).longValue(), "exactly what came after");
            assertEquals("complete", rest.get(rest.size() - 1).event());
            assertEquals(7, ((Number) rest.get(rest.size() - 1).json().get("seq")).intValue());
        }
    }
}
