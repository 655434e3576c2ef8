package dev.sluice.gateway.metrics;

import dev.sluice.gateway.stream.StreamHandle;
import dev.sluice.gateway.stream.StreamListener;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line per stream to the logger {@value #LOGGER} (SPEC section 5): id, method, path,
 * status, events, bytes, duration, outcome and protocol ({@code h1} or {@code h2}), as {@code key=value} pairs. A stream refused at
 * capacity or while draining gets a line too, with status 503 and outcome {@code rejected}.
 *
 * <p>Cheap enough to leave on: the level check comes first, so a disabled logger costs one branch.
 * Enabled, the line is built here in a per-thread builder and handed to logback already formatted:
 * logback's {@code AsyncAppender} formats a {@code {}} message on the calling thread (the event
 * loop) anyway, and with nine arguments that cost an argument array, boxed numbers, their strings
 * and a growing builder per stream (about 900 bytes of garbage; now one string and logback's event).
 * The shipped {@code logback.xml} makes the appender asynchronous so an event loop never waits for
 * the console or a disk.
 */
public final class AccessLog implements StreamListener {
    public static final String LOGGER = "sluice.access";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);
    private static final int STREAM_STATUS = 200;
    private static final int REFUSED_STATUS = 503;
    /** A builder that grew past this (a very long path) is dropped rather than kept by its thread. */
    private static final int KEPT_CAPACITY = 1024;
    private static final FastThreadLocal<StringBuilder> LINE = new FastThreadLocal<>() {
        @Override
        protected StringBuilder initialValue() {
            return new StringBuilder(256);
        }
    };

    @Override
    public void streamEnded(StreamHandle stream, long durationNanos) {
        if (log.isInfoEnabled()) {
            log.info(line(stream, durationNanos));
        }
    }

    /** {@code id=… method=… path=… status=200 events=… bytes=… duration_ms=… outcome=… protocol=…} */
    static String line(StreamHandle stream, long durationNanos) {
        StringBuilder line = LINE.get();
        line.setLength(0);
        line.append("id=").append(stream.id())
                .append(" method=").append(stream.method())
                .append(" path=").append(stream.path())
                .append(" status=").append(STREAM_STATUS)
                .append(" events=").append(stream.events())
                .append(" bytes=").append(stream.bytes())
                .append(" duration_ms=").append(TimeUnit.NANOSECONDS.toMillis(durationNanos))
                .append(" outcome=").append(stream.outcome().label())
                .append(" protocol=").append(stream.protocol());
        String text = line.toString();
        if (line.capacity() > KEPT_CAPACITY) {
            LINE.remove();
        }
        return text;
    }

    @Override
    public void streamRefused(String method, String path) {
        if (log.isInfoEnabled()) {
            log.info("id=- method={} path={} status={} events=0 bytes=0 duration_ms=0 outcome=rejected",
                    method, path, REFUSED_STATUS);
        }
    }
}
