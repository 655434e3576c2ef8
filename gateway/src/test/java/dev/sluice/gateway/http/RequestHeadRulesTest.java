package dev.sluice.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestHeadRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "EXAMPLE.com.", "127.0.0.1", "127.0.0.1:8080", "localhost:",
            "[::1]", "[::1]:443", "[fe80::1%25eth0]:80", "[v1.fe]", "my_host-1", "xn--caf-dma.example"})
    void validHosts(String host) {
        assertTrue(RequestHeadRules.isHostAndPort(host), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example/path", "a b", "user@host", "host:80x", "host:123456", ":80", "[::1",
            "[]", "[::1]x", "[::1]:8a", "h[o]st", "host:80:80"})
    void invalidHosts(String host) {
        assertFalse(RequestHeadRules.isHostAndPort(host), host);
    }

    @ParameterizedTest
    @CsvSource({"HTTP/1.2,505", "HTTP/2.0,505", "HTTP/3.0,505", "http/1.1,400", "HTTP/1.1.1,400", "HTTP/11,400",
            "HTTPS/1.1,400", "HTTP/1.x,400"})
    void versionsOtherThanHttp10And11(String version, int status) {
        RejectedRequest rejected = assertThrows(RejectedRequest.class,
                () -> RequestHeadRules.checkVersion("GET", "/", version));
        assertEquals(status, rejected.status().code(), version);
    }

    @Test
    void theHttp2PrefaceIsRecognisedByItsWholeRequestLine() {
        assertTrue(RequestHeadRules.isHttp2Preface("PRI", "*", "HTTP/2.0"));
        assertFalse(RequestHeadRules.isHttp2Preface("GET", "*", "HTTP/2.0"));
        assertEquals("http_version_not_supported", assertThrows(RejectedRequest.class,
                () -> RequestHeadRules.checkVersion("PRI", "*", "HTTP/2.0")).code());
    }

    @ParameterizedTest
    @CsvSource({"http://h/a?b=1,/a?b=1", "HTTPS://h:8443/x,/x", "http://h,/", "http://h?q,/?q", "http://[::1]:80/p,/p"})
    void absoluteFormBecomesOriginForm(String target, String origin) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target);
        request.headers().set("host", "h");
        RequestHeadRules.check(request);
        assertEquals(origin, request.uri());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://h/x", "http:///x", "http://u@h/x", "healthz"})
    void otherTargetsAreRefused(String target) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target);
        request.headers().set("host", "h");
        assertEquals("bad_request", assertThrows(RejectedRequest.class, () -> RequestHeadRules.check(request)).code());
    }
}
