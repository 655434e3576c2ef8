package dev.sluice.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where the Redis bus is: {@code redis://[user:password@]host:port[/db]}, or {@code rediss://} for TLS.
 *
 * <p>{@link #toString()} leaves the password out, so the address can be logged.
 *
 * @param tls whether to connect with TLS ({@code rediss://})
 * @param host the server's host name or address
 * @param port the server's port (default 6379)
 * @param db the logical database selected after connecting (default 0)
 * @param user the ACL user for {@code AUTH}, or {@code null} (with a password: the {@code default} user)
 * @param password the password for {@code AUTH}, or {@code null} for none
 */
public record BusAddress(boolean tls, String host, int port, int db, String user, String password) {
    private static final int DEFAULT_PORT = 6379;

    /** Parses a {@code redis://} or {@code rediss://} URL; anything else is an {@link IllegalArgumentException}. */
    public static BusAddress parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("expected redis://host:port[/db] or rediss://..., got scheme '"
                    + scheme + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("no host in the bus URL");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("the bus URL takes no query or fragment");
        }
        int db = 0;
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.equals("/")) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the path must be a database number, got '" + path + "'");
            }
            if (db < 0 || db > 65_535) {
                throw new IllegalArgumentException("database number out of range: " + db);
            }
        }
        String user = null;
        String password = null;
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                // redis://secret@host is how most clients spell a password without a user.
                password = userInfo;
            } else {
                user = colon == 0 ? null : userInfo.substring(0, colon);
                password = userInfo.substring(colon + 1);
            }
        }
        return new BusAddress(scheme.equals("rediss"), uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(),
                db, user, password);
    }

    @Override
    public String toString() {
        return (tls ? "rediss://" : "redis://") + (password == null ? "" : (user == null ? "" : user) + ":***@")
                + host + ":" + port + "/" + db;
    }
}
