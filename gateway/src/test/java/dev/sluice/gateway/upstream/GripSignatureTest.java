package dev.sluice.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class GripSignatureTest {

    @Test
    void isAnHs256JwtSignedWithTheKeyThatExpiresInAnHour() throws Exception {
        String value = new GripSignature("s3cret").value(1_700_000_000_123L);
        String[] parts = value.split("\\.");
        assertEquals(3, parts.length);
        Base64.Decoder url = Base64.getUrlDecoder();
        assertEquals("{\"typ\":\"JWT\",\"alg\":\"HS256\"}", new String(url.decode(parts[0]), StandardCharsets.UTF_8));
        assertEquals("{\"iss\":\"sluice\",\"exp\":1700003600}", new String(url.decode(parts[1]), StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(expected), parts[2]);
    }

    @Test
    void isResignedOnceAMinuteNotPerRequest() {
        GripSignature signature = new GripSignature("k");
        String first = signature.value(1_000_000L);
        assertSame(first, signature.value(1_059_999L));
        assertNotEquals(first, signature.value(1_060_000L));
    }
}
