package dev.sluice.gateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StreamRegistryIdTest {
    private static final Pattern ID = Pattern.compile("s-[89a-f][0-9a-f]{15}");

    /** SPEC section 3: {@code s-} and 16 lowercase hex digits; the per-thread builder leaves nothing behind. */
    @Test
    void idsAreSPrefixedSixteenHexDigitsAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = StreamRegistry.newStreamId();
            assertTrue(ID.matcher(id).matches(), id);
            seen.add(id);
        }
        assertEquals(10_000, seen.size());
    }
}
