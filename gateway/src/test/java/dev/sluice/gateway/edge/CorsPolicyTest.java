package dev.sluice.gateway.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {
    @Test
    void listedOriginsMatchWhateverTheirCaseAndDefaultPort() {
        CorsPolicy policy = CorsPolicy.parse(" https://App.example.com:443 , http://localhost:3000,");
        assertEquals(Set.of("https://app.example.com", "http://localhost:3000"), policy.origins());
        assertTrue(policy.allows("https://app.example.com", "gw.example.com"));
        assertTrue(policy.allows("HTTPS://APP.EXAMPLE.COM", "gw.example.com"));
        assertTrue(policy.allows("http://localhost:3000", null));
        assertFalse(policy.allows("http://app.example.com", "gw.example.com"), "another scheme is another origin");
        assertFalse(policy.allows("https://app.example.com:8443", "gw.example.com"), "another port too");
        assertFalse(policy.allows("https://evil.example", "gw.example.com"));
        assertFalse(policy.allows("null", "gw.example.com"), "opaque origins are never listed");
    }

    @Test
    void theGatewaysOwnOriginIsAllowedByItsHost() {
        CorsPolicy policy = CorsPolicy.SAME_ORIGIN_ONLY;
        assertTrue(policy.allows("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assertTrue(policy.allows("https://gw.example.com", "gw.example.com"));
        assertTrue(policy.allows("https://gw.example.com", "gw.example.com:443"));
        assertTrue(policy.allows("https://gw.example.com", "GW.example.com"));
        // Behind a proxy terminating TLS the gateway itself is reached over http with the same Host.
        assertTrue(policy.allows("https://gw.example.com", "gw.example.com:80"));
        assertFalse(policy.allows("http://127.0.0.1:8080", "127.0.0.1:9090"));
        assertFalse(policy.allows("http://127.0.0.1:8080", null));
        assertFalse(policy.allows("not an origin", "not an origin"));
    }

    @Test
    void starAllowsEveryOrigin() {
        CorsPolicy policy = CorsPolicy.parse("*");
        assertTrue(policy.anyOrigin());
        assertTrue(policy.allows("https://anything.example", "gw"));
    }

    @Test
    void somethingThatIsNotAnOriginIsRefusedAtStart() {
        for (String bad : new String[] {"app.example.com", "https://app.example.com/path", "ftp://x.example",
                "https://user@app.example.com", "https://app.example.com?q"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorsPolicy.parse(bad));
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }
}
