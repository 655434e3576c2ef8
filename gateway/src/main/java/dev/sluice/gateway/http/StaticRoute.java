package dev.sluice.gateway.http;

import dev.sluice.gateway.stream.ActiveStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Serves one in-memory file for GET and HEAD, with its content type and ETag.
 *
 * <p>Responses say {@code cache-control: no-cache}: a browser may keep the file but must revalidate
 * it, which costs a {@code 304} with no body when the ETag still matches. That way a new gateway
 * version is never hidden behind a stale cached page.
 */
public final class StaticRoute implements RouteHandler {
    private static final String INDEX = "index.html";
    private static final String HTML_SUFFIX = ".html";
    private static final AsciiString X_CONTENT_TYPE_OPTIONS = AsciiString.cached("x-content-type-options");
    private static final AsciiString NOSNIFF = AsciiString.cached("nosniff");

    private final StaticResources.Resource resource;

    public StaticRoute(StaticResources.Resource resource) {
        this.resource = resource;
    }

    /**
     * One route per resource: {@code index.html} at {@code /}, another page {@code x.html} at
     * {@code /x}, any other file at {@code /} plus its name. Pages link each other and their assets
     * with relative URLs, which resolve the same under any path prefix a proxy adds.
     */
    public static List<Route> routes(StaticResources resources) {
        List<Route> routes = new ArrayList<>();
        for (StaticResources.Resource resource : resources.all()) {
            routes.add(new Route(path(resource.name()), Set.of(HttpMethod.GET, HttpMethod.HEAD),
                    new StaticRoute(resource)));
        }
        return routes;
    }

    static String path(String name) {
        if (name.equals(INDEX)) {
            return "/";
        }
        if (name.endsWith(HTML_SUFFIX)) {
            return "/" + name.substring(0, name.length() - HTML_SUFFIX.length());
        }
        return "/" + name;
    }

    @Override
    public ActiveStream handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri,
            Runnable onEnd) {
        FullHttpResponse response;
        if (matches(request.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            // RFC 9110 lets a 304 carry the length a 200 would have; it also keeps the connection
            // alive, as the keep-alive handler needs a message length to know where the answer ends.
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED,
                    Unpooled.EMPTY_BUFFER);
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, resource.body().readableBytes());
        } else {
            boolean head = HttpMethod.HEAD.equals(request.method());
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    head ? Unpooled.EMPTY_BUFFER : resource.body().duplicate());
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, resource.contentType())
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, resource.body().readableBytes());
        }
        response.headers()
                .set(HttpHeaderNames.ETAG, resource.etag())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set(X_CONTENT_TYPE_OPTIONS, NOSNIFF);
        JsonResponses.send(ctx, response, false);
        return null;
    }

    /** {@code If-None-Match} holds a list of (possibly weak) tags or {@code *}; any match means unchanged. */
    private boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String trimmed = tag.trim();
            if (trimmed.startsWith("W/")) {
                trimmed = trimmed.substring(2);
            }
            if (trimmed.equals("*") || trimmed.equals(resource.etag())) {
                return true;
            }
        }
        return false;
    }
}
