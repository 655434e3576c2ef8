package dev.sluice.peer.reactornetty;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The peer's HTTP surface: {@code GET|POST /api/chat/stream} answer with a staged SSE stream,
 * {@code GET /healthz} with {@code {"status":"ok"}}, anything else with 404.
 */
public final class ChatStreamRoutes implements Consumer<HttpServerRoutes> {

    private static final String STREAM_PATH = "/api/chat/stream";

    private final List<StagePlan.Stage> stages;
    private final Duration stageDelay;
    private final AtomicInteger openStreams = new AtomicInteger();

    public ChatStreamRoutes(int stageCount, Duration stageDelay) {
        this.stages = StagePlan.of(stageCount);
        this.stageDelay = stageDelay;
    }

    /** Streams subscribed and not yet completed or cancelled; back to zero once every client has gone. */
    public int openStreams() {
        return openStreams.get();
    }

    @Override
    public void accept(HttpServerRoutes routes) {
        routes.get("/healthz", (request, response) -> json(response, HttpResponseStatus.OK, "{\"status\":\"ok\"}"))
                .get(STREAM_PATH, (request, response) -> {
                    List<String> message = new QueryStringDecoder(request.uri()).parameters().get("message");
                    return streamOrReject(response, Optional.ofNullable(message)
                            .flatMap(values -> values.stream().findFirst())
                            .filter(m -> !m.isEmpty()));
                })
                .post(STREAM_PATH, (request, response) -> request.receive().aggregate()
                        .asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .flatMap(body -> Mono.from(streamOrReject(response, ChatRequestParser.message(body)))))
                .route(request -> true, (request, response) -> json(response, HttpResponseStatus.NOT_FOUND,
                        "{\"error\":\"not_found\",\"message\":\"no such route\"}"));
    }

    private Publisher<Void> streamOrReject(HttpServerResponse response, Optional<String> message) {
        if (message.isEmpty()) {
            return json(response, HttpResponseStatus.BAD_REQUEST,
                    "{\"error\":\"bad_request\",\"message\":\"a non-empty \\\"message\\\" is required\"}");
        }
        return response.status(HttpResponseStatus.OK)
                .header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .header(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .header("x-accel-buffering", "no")
                .header(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE)
                .sendString(StageStream.frames(stages, stageDelay)
                        .doOnSubscribe(subscription -> openStreams.incrementAndGet())
                        .doFinally(signal -> openStreams.decrementAndGet()), StandardCharsets.UTF_8);
    }

    private static Publisher<Void> json(HttpServerResponse response, HttpResponseStatus status, String body) {
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .sendString(Mono.just(body), StandardCharsets.UTF_8);
    }
}
