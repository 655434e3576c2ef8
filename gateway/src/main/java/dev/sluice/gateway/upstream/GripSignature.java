package dev.sluice.gateway.upstream;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Grip-Sig} header a GRIP proxy puts on the requests it forwards (SPEC section 10), so that an
 * app written for Pushpin or Fanout knows it is behind one: GRIP libraries (e.g. {@code @fanoutio/serve-grip})
 * offer a hold only to a request that carries it. It is a JWT, {@code {"iss":"sluice","exp":...}} signed
 * with HS256 under the publish token, so an app configured with that token as its {@code verify_key} can
 * check it, and one configured without a verify key (a plain publish key) just sees it present.
 *
 * <p>A client's own {@code Grip-Sig} never reaches the app: only the headers {@link ForwardedRequest}
 * lists are forwarded. The signed value lives an hour and is re-signed once a minute, so a request costs
 * a volatile read, not an HMAC.
 */
final class GripSignature {
    static final String HEADER = "grip-sig";
    private static final long LIFETIME_SECONDS = 3600;
    private static final long RESIGN_AFTER_SECONDS = 60;
    private static final String JWT_HEADER = base64Url("{\"typ\":\"JWT\",\"alg\":\"HS256\"}"
            .getBytes(StandardCharsets.UTF_8));

    private final SecretKeySpec key;
    private volatile Signed current;

    private record Signed(long signedAtSeconds, String value) {
    }

    GripSignature(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The header value for a request sent at {@code nowMillis} (wall clock: JWT times are epoch seconds). */
    String value(long nowMillis) {
        long now = nowMillis / 1000;
        Signed signed = current;
        if (signed == null || now - signed.signedAtSeconds >= RESIGN_AFTER_SECONDS || now < signed.signedAtSeconds) {
            signed = new Signed(now, sign(now + LIFETIME_SECONDS));
            current = signed; // a race signs twice, harmlessly
        }
        return signed.value;
    }

    private String sign(long expiresAtSeconds) {
        String claims = base64Url(("{\"iss\":\"sluice\",\"exp\":" + expiresAtSeconds + "}")
                .getBytes(StandardCharsets.UTF_8));
        String signingInput = JWT_HEADER + "." + claims;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return signingInput + "." + base64Url(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
