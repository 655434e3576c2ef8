package dev.sluice.gateway.metrics;

import dev.sluice.gateway.stream.StreamHandle;
import dev.sluice.gateway.stream.StreamListener;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line per stream to the logger {@value #LOGGER} (SPEC section 5): id, method, path,
 * status, events, bytes, duration, outcome and protocol ({@code h1} or {@code h2}), as {@code key=value} pairs. A stream refused at
 * capacity or while draining gets a line too, with status 503 and outcome {@code rejected}.
 *
 * <p>Cheap enough to leave on: the level check comes first, so a disabled logger costs one branch and
 * no argument array; enabled, the line is formatted by logback's appender, which the shipped
 * {@code logback.xml} makes asynchronous so an event loop never waits for the console or a disk.
 */
public final class AccessLog implements StreamListener {
    public static final String LOGGER = "sluice.access";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);
    private static final int STREAM_STATUS = 200;
    private static final int REFUSED_STATUS = 503;

    @Override
    public void streamEnded(StreamHandle stream, long durationNanos) {
        if (log.isInfoEnabled()) {
            log.info("id={} method={} path={} status={} events={} bytes={} duration_ms={} outcome={} protocol={}",
                    stream.id(), stream.method(), stream.path(), STREAM_STATUS, stream.events(), stream.bytes(),
                    TimeUnit.NANOSECONDS.toMillis(durationNanos), stream.outcome().label(), stream.protocol());
        }
    }

    @Override
    public void streamRefused(String method, String path) {
        if (log.isInfoEnabled()) {
            log.info("id=- method={} path={} status={} events=0 bytes=0 duration_ms=0 outcome=rejected",
                    method, path, REFUSED_STATUS);
        }
    }
}
