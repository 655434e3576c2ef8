package dev.sluice.bench.client;

/**
 * Reads one top-level field of a JSON object straight from bytes, checking on the way that the bytes
 * are one well-formed object (strings closed, brackets balanced, a value after every name, nothing
 * after the closing brace). Allocates nothing: the bench checks every event's {@code seq} this way at
 * firehose rates. Nested values are skipped by bracket counting; their insides are not validated.
 */
final class JsonObjectScan {

    private static final int NOT_FOUND = -1;
    private static final int MALFORMED = -2;

    private JsonObjectScan() {
    }

    /**
     * The integer value of top-level field {@code name} of the object in {@code bytes[0, length)};
     * -1 when the field is absent or not an integer, or when the bytes are not one JSON object.
     */
    static long topLevelLong(byte[] bytes, int length, String name) {
        int at = valueOf(bytes, length, name);
        if (at < 0) {
            return -1;
        }
        int i = at;
        boolean negative = i < length && bytes[i] == '-';
        if (negative) {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < length && bytes[i] >= '0' && bytes[i] <= '9' && digits < 18) {
            value = value * 10 + (bytes[i++] - '0');
            digits++;
        }
        if (digits == 0 || (i < length && isNumberByte(bytes[i]))) {
            return -1;
        }
        return negative ? -value : value;
    }

    /** Whether top-level string field {@code name} equals {@code expected} (ASCII, no escapes). */
    static boolean topLevelStringIs(byte[] bytes, int length, String name, String expected) {
        int at = valueOf(bytes, length, name);
        if (at < 0 || bytes[at] != '"' || at + expected.length() + 1 >= length + 1) {
            return false;
        }
        for (int k = 0; k < expected.length(); k++) {
            if (at + 1 + k >= length || bytes[at + 1 + k] != expected.charAt(k)) {
                return false;
            }
        }
        int close = at + 1 + expected.length();
        return close < length && bytes[close] == '"';
    }

    /**
     * Index of the value of top-level field {@code name}, after scanning the whole object; NOT_FOUND or
     * MALFORMED otherwise.
     */
    private static int valueOf(byte[] b, int length, String name) {
        int i = skipSpace(b, 0, length);
        if (i >= length || b[i] != '{') {
            return MALFORMED;
        }
        int found = NOT_FOUND;
        i = skipSpace(b, i + 1, length);
        if (i < length && b[i] == '}') {
            return trailingSpaceOnly(b, i + 1, length) ? NOT_FOUND : MALFORMED;
        }
        while (true) {
            if (i >= length || b[i] != '"') {
                return MALFORMED;
            }
            int nameStart = i + 1;
            i = skipString(b, i, length);
            if (i < 0) {
                return MALFORMED;
            }
            boolean match = i - 1 - nameStart == name.length() && sameAscii(b, nameStart, name);
            i = skipSpace(b, i, length);
            if (i >= length || b[i] != ':') {
                return MALFORMED;
            }
            i = skipSpace(b, i + 1, length);
            if (i >= length) {
                return MALFORMED;
            }
            if (match) {
                found = i;
            }
            i = skipValue(b, i, length);
            if (i < 0) {
                return MALFORMED;
            }
            i = skipSpace(b, i, length);
            if (i >= length) {
                return MALFORMED;
            }
            if (b[i] == '}') {
                return trailingSpaceOnly(b, i + 1, length) ? found : MALFORMED;
            }
            if (b[i] != ',') {
                return MALFORMED;
            }
            i = skipSpace(b, i + 1, length);
        }
    }

    /** Index after the string opening at {@code i}, or -1 when it does not close. */
    private static int skipString(byte[] b, int i, int length) {
        for (int k = i + 1; k < length; k++) {
            if (b[k] == '\\') {
                k++;
            } else if (b[k] == '"') {
                return k + 1;
            }
        }
        return -1;
    }

    /** Index after the value starting at {@code i}, or -1 when it is cut off or unbalanced. */
    private static int skipValue(byte[] b, int i, int length) {
        byte first = b[i];
        if (first == '"') {
            return skipString(b, i, length);
        }
        if (first == '{' || first == '[') {
            int depth = 0;
            for (int k = i; k < length; k++) {
                byte c = b[k];
                if (c == '"') {
                    k = skipString(b, k, length);
                    if (k < 0) {
                        return -1;
                    }
                    k--;
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    if (--depth == 0) {
                        return k + 1;
                    }
                }
            }
            return -1;
        }
        int k = i;
        while (k < length && (isNumberByte(b[k]) || (b[k] >= 'a' && b[k] <= 'z'))) {
            k++;
        }
        return k == i ? -1 : k;
    }

    private static boolean isNumberByte(byte c) {
        return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    }

    private static int skipSpace(byte[] b, int i, int length) {
        while (i < length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static boolean trailingSpaceOnly(byte[] b, int i, int length) {
        return skipSpace(b, i, length) == length;
    }

    private static boolean sameAscii(byte[] b, int start, String text) {
        for (int k = 0; k < text.length(); k++) {
            if (b[start + k] != text.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
