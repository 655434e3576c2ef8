package dev.sluice.gateway.http;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The headers of one response that start as a shared, immutable set and become the response's own
 * the first time anything changes them.
 *
 * <p>Most response heads a gateway writes are one of a few fixed sets (every event stream's head is
 * one of three), yet a {@code DefaultHttpHeaders} per response costs a hash table, an entry per
 * header and their links, about 500 bytes of garbage per stream. Handlers on the write path may still
 * change a head (CORS adds {@code access-control-allow-origin}; the keep-alive handler may set
 * {@code connection: close}), so the head cannot simply be shared: the first change copies the shared
 * set, in order, into headers of its own ({@link DefaultHttpHeadersFactory}'s, as a
 * {@code DefaultHttpResponse} has) and changes the copy; the shared set is never touched. Reads go to
 * whichever set is current. One instance per response, used on its channel's loop only.
 */
public final class CopyOnWriteHttpHeaders extends HttpHeaders {
    private final ReadOnlyHttpHeaders shared;
    private HttpHeaders own;

    public CopyOnWriteHttpHeaders(ReadOnlyHttpHeaders shared) {
        this.shared = shared;
    }

    /** Whether the headers have been changed (and copied); for tests. */
    boolean copied() {
        return own != null;
    }

    private HttpHeaders current() {
        return own != null ? own : shared;
    }

    private HttpHeaders mutable() {
        if (own == null) {
            HttpHeaders copy = DefaultHttpHeadersFactory.headersFactory().newHeaders();
            Iterator<Map.Entry<CharSequence, CharSequence>> entries = shared.iteratorCharSequence();
            while (entries.hasNext()) {
                Map.Entry<CharSequence, CharSequence> entry = entries.next();
                copy.add(entry.getKey(), entry.getValue());
            }
            own = copy;
        }
        return own;
    }

    @Override
    public String get(String name) {
        return current().get(name);
    }

    @Override
    public String get(CharSequence name) {
        return current().get(name);
    }

    @Override
    public String get(CharSequence name, String defaultValue) {
        return current().get(name, defaultValue);
    }

    @Override
    public Integer getInt(CharSequence name) {
        return current().getInt(name);
    }

    @Override
    public int getInt(CharSequence name, int defaultValue) {
        return current().getInt(name, defaultValue);
    }

    @Override
    public Short getShort(CharSequence name) {
        return current().getShort(name);
    }

    @Override
    public short getShort(CharSequence name, short defaultValue) {
        return current().getShort(name, defaultValue);
    }

    @Override
    public Long getTimeMillis(CharSequence name) {
        return current().getTimeMillis(name);
    }

    @Override
    public long getTimeMillis(CharSequence name, long defaultValue) {
        return current().getTimeMillis(name, defaultValue);
    }

    @Override
    public List<String> getAll(String name) {
        return current().getAll(name);
    }

    @Override
    public List<String> getAll(CharSequence name) {
        return current().getAll(name);
    }

    @Override
    public List<Map.Entry<String, String>> entries() {
        return current().entries();
    }

    @Override
    public boolean contains(String name) {
        return current().contains(name);
    }

    @Override
    public boolean contains(CharSequence name) {
        return current().contains(name);
    }

    @Override
    public boolean contains(String name, String value, boolean ignoreCase) {
        return current().contains(name, value, ignoreCase);
    }

    @Override
    public boolean contains(CharSequence name, CharSequence value, boolean ignoreCase) {
        return current().contains(name, value, ignoreCase);
    }

    @Override
    public boolean containsValue(CharSequence name, CharSequence value, boolean ignoreCase) {
        return current().containsValue(name, value, ignoreCase);
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return current().iterator();
    }

    @Override
    public Iterator<Map.Entry<CharSequence, CharSequence>> iteratorCharSequence() {
        return current().iteratorCharSequence();
    }

    /*
     * ReadOnlyHttpHeaders' value iterators (Netty 4.2.18) never move past their first match, so an
     * iteration over a header that is present never ends (HTTP/2's head conversion iterates
     * "connection" that way). The shared set's values are read through getAll instead, which is right.
     */

    @Override
    public Iterator<String> valueStringIterator(CharSequence name) {
        return own != null ? own.valueStringIterator(name) : shared.getAll(name.toString()).iterator();
    }

    @Override
    public Iterator<? extends CharSequence> valueCharSequenceIterator(CharSequence name) {
        return own != null ? own.valueCharSequenceIterator(name) : shared.getAll(name.toString()).iterator();
    }

    @Override
    public boolean isEmpty() {
        return current().isEmpty();
    }

    @Override
    public int size() {
        return current().size();
    }

    @Override
    public Set<String> names() {
        return current().names();
    }

    @Override
    public HttpHeaders copy() {
        return current().copy();
    }

    @Override
    public String toString() {
        return current().toString();
    }

    @Override
    public HttpHeaders add(String name, Object value) {
        mutable().add(name, value);
        return this;
    }

    @Override
    public HttpHeaders add(CharSequence name, Object value) {
        mutable().add(name, value);
        return this;
    }

    @Override
    public HttpHeaders add(String name, Iterable<?> values) {
        mutable().add(name, values);
        return this;
    }

    @Override
    public HttpHeaders add(CharSequence name, Iterable<?> values) {
        mutable().add(name, values);
        return this;
    }

    @Override
    public HttpHeaders add(HttpHeaders headers) {
        if (headers == this) {
            throw new IllegalArgumentException("can't add to itself.");
        }
        mutable().add(headers);
        return this;
    }

    @Override
    public HttpHeaders addInt(CharSequence name, int value) {
        mutable().addInt(name, value);
        return this;
    }

    @Override
    public HttpHeaders addShort(CharSequence name, short value) {
        mutable().addShort(name, value);
        return this;
    }

    @Override
    public HttpHeaders set(String name, Object value) {
        mutable().set(name, value);
        return this;
    }

    @Override
    public HttpHeaders set(CharSequence name, Object value) {
        mutable().set(name, value);
        return this;
    }

    @Override
    public HttpHeaders set(String name, Iterable<?> values) {
        mutable().set(name, values);
        return this;
    }

    @Override
    public HttpHeaders set(CharSequence name, Iterable<?> values) {
        mutable().set(name, values);
        return this;
    }

    @Override
    public HttpHeaders set(HttpHeaders headers) {
        if (headers == this) {
            return this;
        }
        mutable().set(headers);
        return this;
    }

    @Override
    public HttpHeaders setAll(HttpHeaders headers) {
        if (headers == this) {
            return this;
        }
        mutable().setAll(headers);
        return this;
    }

    @Override
    public HttpHeaders setInt(CharSequence name, int value) {
        mutable().setInt(name, value);
        return this;
    }

    @Override
    public HttpHeaders setShort(CharSequence name, short value) {
        mutable().setShort(name, value);
        return this;
    }

    @Override
    public HttpHeaders remove(String name) {
        mutable().remove(name);
        return this;
    }

    @Override
    public HttpHeaders remove(CharSequence name) {
        mutable().remove(name);
        return this;
    }

    @Override
    public HttpHeaders clear() {
        mutable().clear();
        return this;
    }
}
