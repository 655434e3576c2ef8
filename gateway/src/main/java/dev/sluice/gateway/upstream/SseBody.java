package dev.sluice.gateway.upstream;

import io.netty.buffer.ByteBuf;

/**
 * Relays an upstream event stream: each event is re-framed (validated id and name, data re-split into
 * {@code data:} lines, as bytes: {@link SseParser}) and passed on as soon as its blank line arrives. The upstream's own event names
 * and ids are kept, and the upstream decides the last event: the gateway adds none when it ends.
 */
final class SseBody implements UpstreamBody, SseParser.Listener {
    private final EventSink sink;
    private final SseParser parser;

    SseBody(EventSink sink, int maxEventBytes) {
        this.sink = sink;
        this.parser = new SseParser(maxEventBytes);
    }

    @Override
    public void content(ByteBuf chunk) {
        parser.feed(chunk, this);
    }

    /** An event left without its blank line is dropped, as a browser would drop it. */
    @Override
    public void end() {
    }

    @Override
    public void event(byte[] framed, int length) {
        sink.framedEvent(framed, length);
    }

    @Override
    public void retry(long millis) {
        sink.retry(millis);
    }
}
