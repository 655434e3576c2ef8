package dev.sluice.gateway.upstream;

import dev.sluice.gateway.sse.EventData;
import dev.sluice.gateway.sse.SseEvent;

/** Where an {@link UpstreamBody} puts the events it makes of an upstream answer: the relay. */
interface EventSink {

    /** Writes one event to the client (flushed at the end of the current upstream read). */
    void event(SseEvent event);

    /**
     * Writes one event that is already framed for the client ({@code framed[0, length)}, copied: the array
     * is the caller's), like {@link #event}.
     */
    void framedEvent(byte[] framed, int length);

    /** Passes an upstream {@code retry:} hint on to the client. */
    void retry(long millis);

    /** The sequence number for the next gateway-numbered event. */
    int nextSeq();

    String streamId();

    /** Time since the client's request was read. */
    long elapsedMs();

    /**
     * Writes the gateway's closing {@code event: complete}, numbered on: {@code streamId}, {@code seq} and
     * {@code progress} 100, then the fields {@code rest} writes (the body's own, in its order).
     */
    default void completeEvent(EventData.JsonBody rest) {
        int seq = nextSeq();
        String streamId = streamId();
        event(new SseEvent(Integer.toString(seq), "complete", EventData.json(g -> {
            g.writeStartObject();
            g.writeStringField("streamId", streamId);
            g.writeNumberField("seq", seq);
            g.writeNumberField("progress", 100);
            rest.writeTo(g);
            g.writeEndObject();
        })));
    }
}
