package dev.sluice.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Files of the built-in web pages, read from the classpath once at start and kept in memory.
 *
 * <p>Each body is an unreleasable, read-only heap buffer: every response sends a
 * {@link ByteBuf#duplicate() duplicate} of it, so any number of connections share one copy and a
 * release after writing cannot free it. Heap buffers from {@link Unpooled#wrappedBuffer(byte[])} are
 * not leak-tracked, which is right for buffers that live as long as the process.
 */
public final class StaticResources {
    /** The classpath folder of the demo and status pages. */
    public static final String WEB_DIR = "web/";
    /** The files of {@link #WEB_DIR}; listed because a classpath folder cannot be listed portably. */
    public static final List<String> WEB_FILES = List.of("index.html", "app.css", "app.js", "status.html", "status.js");

    private static final Map<String, AsciiString> CONTENT_TYPES = Map.of(
            "html", AsciiString.cached("text/html; charset=utf-8"),
            "css", AsciiString.cached("text/css; charset=utf-8"),
            "js", AsciiString.cached("text/javascript; charset=utf-8"),
            "svg", AsciiString.cached("image/svg+xml"),
            "png", AsciiString.cached("image/png"));

    private final Map<String, Resource> byName;

    private StaticResources(Map<String, Resource> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** Loads the built-in pages' files; a missing file is a broken build, so it fails the start. */
    public static StaticResources webPages() {
        return load(StaticResources.class.getClassLoader(), WEB_DIR, WEB_FILES);
    }

    /** Loads {@code names} from {@code dir} on the class path of {@code loader}. */
    public static StaticResources load(ClassLoader loader, String dir, List<String> names) {
        Map<String, Resource> byName = new LinkedHashMap<>();
        for (String name : names) {
            byte[] bytes;
            try (InputStream in = loader.getResourceAsStream(dir + name)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + dir + name + " is not on the class path");
                }
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read resource " + dir + name, e);
            }
            byName.put(name, new Resource(name, contentType(name), Unpooled.unreleasableBuffer(
                    Unpooled.wrappedBuffer(bytes).asReadOnly()), etag(bytes)));
        }
        return new StaticResources(byName);
    }

    /** The resources in the order they were listed. */
    public List<Resource> all() {
        return List.copyOf(byName.values());
    }

    /** The resource called {@code name}, or {@code null}. */
    public Resource get(String name) {
        return byName.get(name);
    }

    private static AsciiString contentType(String name) {
        int dot = name.lastIndexOf('.');
        AsciiString type = dot < 0 ? null : CONTENT_TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new IllegalArgumentException("no content type known for " + name);
        }
        return type;
    }

    /** A strong validator from the content, so an unchanged file keeps its ETag across restarts. */
    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return '"' + HexFormat.of().formatHex(digest, 0, 12) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /**
     * One file held in memory.
     *
     * @param name file name inside the folder it was loaded from
     * @param contentType the {@code content-type} it is served with
     * @param body its bytes; unreleasable and shared, send a {@link ByteBuf#duplicate()}
     * @param etag quoted strong entity tag
     */
    public record Resource(String name, AsciiString contentType, ByteBuf body, String etag) {
    }
}
