package dev.sluice.gateway.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.ContentReference;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;

/**
 * Jackson's UTF-8 byte parser over a byte range, built the way {@link JsonFactory#createParser(byte[],
 * int, int)} builds it for UTF-8 input, without the per-parser objects that a request body does not
 * need: the charset detector ({@code ByteSourceJsonBootstrapper}) and a {@link ContentReference}
 * holding the bytes for error texts (the gateway reports only line and column, never jackson's text).
 * Buffers still come from jackson's per-thread recycler pool, and field names from the factory's
 * shared symbol table, so a short body costs the parser and its contexts and nothing else.
 *
 * <p>The result is token for token the parser {@code createParser} would return, because this
 * factory is used only where jackson's detection would choose UTF-8 and skip nothing: when the body
 * starts with a UTF-8 byte order mark or has a zero byte among its first four (jackson's signs of
 * UTF-16 and UTF-32), {@link #utf8Parser} declines and the caller takes the ordinary route.
 */
final class Utf8JsonParsers extends JsonFactory {
    private static final long serialVersionUID = 1L;
    /** How many leading bytes jackson's charset detection looks at. */
    private static final int DETECTED_BYTES = 4;

    /**
     * A parser over {@code data[offset, offset + length)}, which the caller keeps unchanged until the
     * parser is closed; {@code null} when jackson's charset detection could read the bytes otherwise.
     */
    JsonParser utf8Parser(byte[] data, int offset, int length) {
        if (!plainUtf8(data, offset, length)) {
            return null;
        }
        IOContext context = _createContext(ContentReference.unknown(), true);
        context.setEncoding(JsonEncoding.UTF8);
        return new UTF8StreamJsonParser(context, _parserFeatures, null, _objectCodec,
                _byteSymbolCanonicalizer.makeChildOrPlaceholder(_factoryFeatures), data, offset, offset + length, 0,
                false);
    }

    /** No UTF-8 byte order mark and no zero byte where jackson looks for UTF-16 and UTF-32. */
    static boolean plainUtf8(byte[] data, int offset, int length) {
        if (length >= 3 && data[offset] == (byte) 0xEF && data[offset + 1] == (byte) 0xBB
                && data[offset + 2] == (byte) 0xBF) {
            return false;
        }
        for (int i = offset; i < offset + Math.min(length, DETECTED_BYTES); i++) {
            if (data[i] == 0) {
                return false;
            }
        }
        return true;
    }
}
