package dev.sluice.gateway.channel;

import dev.sluice.gateway.http.RejectedRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Checks a publisher's {@code Authorization: Bearer <token>} against the {@code --publish-token}s
 * (SPEC section 9): {@code 401} without a bearer token, {@code 403} with a wrong one.
 *
 * <p>The compare takes the same time whatever the token: both sides are hashed to SHA-256 first (so
 * their lengths never differ and the length of a configured token does not leak), compared with
 * {@link MessageDigest#isEqual} (constant time), and every configured token is compared, with no early
 * exit on a match.
 */
public final class PublishTokens {
    private static final String BEARER = "bearer ";
    private final byte[][] digests;

    public PublishTokens(List<String> tokens) {
        this.digests = new byte[tokens.size()][];
        for (int i = 0; i < digests.length; i++) {
            digests[i] = sha256(tokens.get(i));
        }
    }

    /** Returns normally for an allowed publisher; otherwise throws the 401 or 403 answer. */
    public void check(HttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new RejectedRequest(HttpResponseStatus.UNAUTHORIZED, "unauthorized",
                    "publishing needs an Authorization: Bearer <token> header");
        }
        byte[] given = sha256(header.substring(BEARER.length()).trim());
        boolean allowed = false;
        for (byte[] digest : digests) {
            allowed |= MessageDigest.isEqual(digest, given);
        }
        if (!allowed) {
            throw new RejectedRequest(HttpResponseStatus.FORBIDDEN, "forbidden", "the token may not publish");
        }
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
