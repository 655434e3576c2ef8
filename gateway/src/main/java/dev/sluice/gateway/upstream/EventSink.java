package dev.sluice.gateway.upstream;

import dev.sluice.gateway.sse.SseEvent;

/** Where an {@link UpstreamBody} puts the events it makes of an upstream answer: the relay. */
interface EventSink {

    /** Writes one event to the client (flushed at the end of the current upstream read). */
    void event(SseEvent event);

    /** Passes an upstream {@code retry:} hint on to the client. */
    void retry(long millis);

    /** The sequence number for the next gateway-numbered event. */
    int nextSeq();

    String streamId();

    /** Time since the client's request was read. */
    long elapsedMs();
}
