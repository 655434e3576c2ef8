package dev.sluice.gateway.edge;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser origins may use the gateway (SPEC section 11, {@code --cors-origins}): a list of
 * origins, or {@code *} for any. The gateway's own origin is always allowed, whatever the list says,
 * so the demo page keeps working when the option is not set.
 *
 * @param origins allowed origins, normalised to {@code scheme://host[:port]} in lower case, without a
 *     default port
 * @param anyOrigin whether every origin is allowed ({@code *})
 */
public record CorsPolicy(Set<String> origins, boolean anyOrigin) {
    /** Only the gateway's own origin. */
    public static final CorsPolicy SAME_ORIGIN_ONLY = new CorsPolicy(Set.of(), false);

    public CorsPolicy {
        origins = Set.copyOf(origins);
    }

    /**
     * Parses the option's value: comma-separated origins, {@code *}, or empty.
     *
     * @throws IllegalArgumentException naming the first value that is not an origin
     */
    public static CorsPolicy parse(String value) {
        Set<String> origins = new LinkedHashSet<>();
        boolean any = false;
        for (String part : value.split(",")) {
            String origin = part.trim();
            if (origin.isEmpty()) {
                continue;
            }
            if (origin.equals("*")) {
                any = true;
                continue;
            }
            String normalised = normalise(origin);
            if (normalised == null) {
                throw new IllegalArgumentException("'" + origin + "' is not an origin (expected scheme://host[:port]"
                        + " such as https://app.example.com, or *)");
            }
            origins.add(normalised);
        }
        return new CorsPolicy(origins, any);
    }

    /**
     * Whether a request with this {@code Origin} may be served.
     *
     * @param host the request's {@code Host} (HTTP/1.1) or {@code :authority} (HTTP/2), or {@code null}
     */
    public boolean allows(String origin, String host) {
        if (anyOrigin) {
            return true;
        }
        String normalised = normalise(origin);
        if (normalised == null) {
            return false;
        }
        return origins.contains(normalised) || isSameOrigin(normalised, host);
    }

    /**
     * The gateway's own origin: the {@code Origin}'s authority equals the request's {@code Host}. The
     * scheme is left out on purpose: behind a proxy that terminates TLS the page's origin is
     * {@code https://} while the gateway itself is reached over plain HTTP with the same {@code Host}.
     */
    private static boolean isSameOrigin(String normalisedOrigin, String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String authority = normalisedOrigin.substring(normalisedOrigin.indexOf("://") + 3);
        String hostLower = stripDefaultPort(host.toLowerCase(Locale.ROOT));
        return authority.equals(hostLower);
    }

    private static String stripDefaultPort(String host) {
        if (host.endsWith(":80")) {
            return host.substring(0, host.length() - 3);
        }
        if (host.endsWith(":443")) {
            return host.substring(0, host.length() - 4);
        }
        return host;
    }

    /** {@code scheme://host[:port]} in lower case without a default port, or {@code null} if not an origin. */
    static String normalise(String origin) {
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme();
            String host = uri.getHost();
            // A trailing slash is forgiven (origins are often copied from an address bar); a path is not.
            String path = uri.getRawPath();
            boolean bare = (path == null || path.isEmpty() || path.equals("/")) && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            if (scheme == null || host == null || !bare) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return null;
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
                    || (scheme.equals("https") && port == 443);
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
