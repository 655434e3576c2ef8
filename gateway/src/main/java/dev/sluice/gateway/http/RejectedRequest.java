package dev.sluice.gateway.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A well-formed request the gateway will not serve; the router answers it with the JSON error of SPEC
 * section 2 and keeps the connection. Thrown only on the request path, never per event.
 */
public final class RejectedRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;
    private final String code;

    public RejectedRequest(HttpResponseStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
