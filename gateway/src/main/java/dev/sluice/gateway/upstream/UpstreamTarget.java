package dev.sluice.gateway.upstream;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a sidecar route sends its requests: an {@code http://} origin and a path.
 *
 * <p>The host is resolved once, when the configuration is read, so that no event loop ever blocks
 * on a name lookup; a sidecar's upstream is normally a loopback or pod-local address that does not
 * move. TLS upstreams ({@code https://}) are refused at start rather than silently spoken to in clear.
 *
 * @param address the resolved socket address to connect to
 * @param hostHeader the {@code Host} header value ({@code host[:port]} as written in the URL)
 * @param path the request target's path, never empty
 * @param query the URL's raw query without {@code ?}, or {@code null}
 */
public record UpstreamTarget(InetSocketAddress address, String hostHeader, String path, String query) {

    /** Parses and resolves {@code url}; throws {@link IllegalArgumentException} saying what is wrong. */
    public static UpstreamTarget parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException("upstream '" + url + "' must be an http:// URL"
                    + (scheme.equals("https") ? " (TLS upstreams are not supported)" : ""));
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("upstream '" + url + "' has no host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("upstream '" + url + "' must not carry user info or a fragment");
        }
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("upstream host '" + host + "' does not resolve");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new UpstreamTarget(address, uri.getRawAuthority(), path, uri.getRawQuery());
    }

    /** The request target for a client request whose raw query is {@code clientQuery} (may be empty). */
    public String requestTarget(String clientQuery) {
        boolean hasOwn = query != null && !query.isEmpty();
        boolean hasClient = clientQuery != null && !clientQuery.isEmpty();
        if (!hasOwn && !hasClient) {
            return path;
        }
        if (!hasClient) {
            return path + '?' + query;
        }
        return path + '?' + (hasOwn ? query + '&' + clientQuery : clientQuery);
    }

    /** The URL as an operator wrote it, for logs and error messages. */
    public String display() {
        return "http://" + hostHeader + requestTarget(null);
    }
}
