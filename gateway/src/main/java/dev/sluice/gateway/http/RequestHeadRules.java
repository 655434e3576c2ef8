package dev.sluice.gateway.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/**
 * The RFC 9112 rules for a request's start line and {@code Host} that Netty leaves to the server.
 * Each broken rule is a {@link RejectedRequest}; the decoder turns it into a failed request, so the
 * router answers it and closes the connection (the request cannot be trusted to be framed as the
 * client meant it).
 */
final class RequestHeadRules {
    static final String HTTP_1_0 = "HTTP/1.0";
    static final String HTTP_1_1 = "HTTP/1.1";

    private RequestHeadRules() {
    }

    /**
     * Checks the protocol version token of a request line, exactly as sent: Netty upper-cases it
     * and accepts any {@code NAME/d.d}, so {@code http/1.1} and {@code HTTP/3.0} would pass.
     */
    static void checkVersion(String method, String target, String version) {
        if (HTTP_1_1.equals(version) || HTTP_1_0.equals(version)) {
            return;
        }
        if (isHttp2Preface(method, target, version)) {
            throw new RejectedRequest(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "http_version_not_supported",
                    "this port speaks HTTP/1.1; HTTP/2 with prior knowledge is not served here");
        }
        // RFC 9112 section 2.3: HTTP-version = "HTTP" "/" DIGIT "." DIGIT, case-sensitive.
        if (version.length() == 8 && version.startsWith("HTTP/") && isDigit(version.charAt(5))
                && version.charAt(6) == '.' && isDigit(version.charAt(7))) {
            throw new RejectedRequest(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "http_version_not_supported",
                    "only HTTP/1.0 and HTTP/1.1 are served");
        }
        throw new RejectedRequest(HttpResponseStatus.BAD_REQUEST, "bad_request", "malformed HTTP version");
    }

    /**
     * The start of the HTTP/2 connection preface ({@code PRI * HTTP/2.0}, RFC 9113 section 3.4) as
     * Netty's HTTP/1 decoder splits it. The one place the cleartext port recognises HTTP/2: a handler
     * serving prior-knowledge h2c ahead of the HTTP/1 decoder makes this unreachable.
     */
    static boolean isHttp2Preface(String method, String target, String version) {
        return "PRI".equals(method) && "*".equals(target) && "HTTP/2.0".equals(version);
    }

    /**
     * Checks {@code Host} (RFC 9112 section 3.2: required on HTTP/1.1, at most one, a valid
     * {@code uri-host[:port]}) and the request-target's form, and rewrites an absolute-form target
     * ({@code http://host/path?q}) to its origin form ({@code /path?q}) so routes match it.
     */
    static void check(HttpRequest request) {
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            throw badHost("more than one Host header");
        }
        if (hosts.isEmpty() && HttpVersion.HTTP_1_1.equals(request.protocolVersion())) {
            throw badHost("an HTTP/1.1 request needs a Host header");
        }
        // An empty Host is what a client sends when the target has no authority (RFC 9112 section 3.2).
        if (!hosts.isEmpty() && !hosts.get(0).isEmpty() && !isHostAndPort(hosts.get(0))) {
            throw badHost("the Host header is not a valid host[:port]");
        }
        String target = request.uri();
        if (target.startsWith("/") || "*".equals(target)) {
            return;
        }
        String origin = originFormOf(target);
        if (origin == null) {
            throw new RejectedRequest(HttpResponseStatus.BAD_REQUEST, "bad_request",
                    "the request target must be a path or an absolute http(s) URI");
        }
        request.setUri(origin);
    }

    /** {@code /path?q} of an absolute-form {@code http(s)://authority/path?q}, or {@code null}. */
    private static String originFormOf(String target) {
        int schemeEnd = target.indexOf("://");
        if (schemeEnd < 0) {
            return null;
        }
        String scheme = target.substring(0, schemeEnd);
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            return null;
        }
        int authorityStart = schemeEnd + 3;
        int pathStart = authorityStart;
        while (pathStart < target.length() && target.charAt(pathStart) != '/' && target.charAt(pathStart) != '?') {
            pathStart++;
        }
        // RFC 9110 section 4.2.1: an http URI with an empty host is invalid; userinfo is deprecated there.
        String authority = target.substring(authorityStart, pathStart);
        if (authority.isEmpty() || authority.indexOf('@') >= 0 || !isHostAndPort(authority)) {
            return null;
        }
        String rest = target.substring(pathStart);
        return rest.startsWith("/") ? rest : "/" + rest;
    }

    /** {@code uri-host [ ":" port ]} of RFC 3986: a bracketed IP literal or a reg-name / IPv4 address. */
    static boolean isHostAndPort(String value) {
        int hostEnd;
        if (value.startsWith("[")) {
            hostEnd = value.indexOf(']');
            if (hostEnd < 2) {
                return false;
            }
            // IPv6 (with a zone, RFC 6874) or IPvFuture: hex digits, colons, dots and the URI's
            // unreserved and sub-delimiter characters, never a bracket, slash, space or '@'.
            for (int i = 1; i < hostEnd; i++) {
                char c = value.charAt(i);
                if (!(isRegNameChar(c) || c == ':')) {
                    return false;
                }
            }
            hostEnd++;
        } else {
            hostEnd = 0;
            while (hostEnd < value.length() && value.charAt(hostEnd) != ':') {
                if (!isRegNameChar(value.charAt(hostEnd))) {
                    return false;
                }
                hostEnd++;
            }
            if (hostEnd == 0) {
                return false;
            }
        }
        if (hostEnd == value.length()) {
            return true;
        }
        if (value.charAt(hostEnd) != ':' || value.length() - hostEnd - 1 > 5) {
            return false;
        }
        for (int i = hostEnd + 1; i < value.length(); i++) {
            if (!isDigit(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** unreserved / pct-encoded / sub-delims (RFC 3986 section 3.2.2). */
    private static boolean isRegNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || "-._~%!$&'()*+,;=".indexOf(c) >= 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static RejectedRequest badHost(String message) {
        return new RejectedRequest(HttpResponseStatus.BAD_REQUEST, "bad_host", message);
    }
}
