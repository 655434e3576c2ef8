package dev.sluice.bench.target;

import java.io.BufferedReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Counts the ESTABLISHED TCP sockets whose local end is a server's address and port, from
 * {@code /proc/net/tcp} and {@code /proc/net/tcp6}: the connections a target holds, whatever the
 * target is written in. The bench's own client sockets have that address as their remote end and are
 * not counted, even when one bound to another loopback source address (127.0.0.2, …) happens to get
 * the server's port number as its ephemeral port.
 */
public final class EstablishedSockets {

    private static final String ESTABLISHED = "01";

    private final String v4Local;
    private final String v6Local;

    /** A counter for the server listening on IPv4 address {@code host} at {@code port}. */
    public EstablishedSockets(Inet4Address host, int port) {
        byte[] ip = host.getAddress();
        // /proc/net/tcp prints the address as one 32-bit word in host (little-endian) order.
        String word = String.format(Locale.ROOT, "%02X%02X%02X%02X", ip[3], ip[2], ip[1], ip[0]);
        String portHex = String.format(Locale.ROOT, "%04X", port);
        this.v4Local = word + ":" + portHex;
        this.v6Local = "0000000000000000FFFF0000" + word + ":" + portHex;
    }

    /** A counter for a server at {@code host} (resolved to IPv4) and {@code port}. */
    public static EstablishedSockets of(String host, int port) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address instanceof Inet4Address v4) {
                    return new EstablishedSockets(v4, port);
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve target host " + host, e);
        }
        throw new IllegalArgumentException("target host " + host + " has no IPv4 address");
    }

    /** Established connections to the port now, or -1 when /proc/net is unreadable. */
    public long count() {
        long v4 = countIn(Path.of("/proc/net/tcp"));
        long v6 = countIn(Path.of("/proc/net/tcp6"));
        if (v4 < 0 && v6 < 0) {
            return -1;
        }
        return Math.max(0, v4) + Math.max(0, v6);
    }

    /** Counts matching lines of one table; columns are: sl local_address rem_address st ... */
    long countIn(Path table) {
        try (BufferedReader reader = Files.newBufferedReader(table)) {
            reader.readLine();
            long count = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                if (matches(line)) {
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            return -1;
        }
    }

    boolean matches(String line) {
        int colon = line.indexOf(':');
        int local = skipSpaces(line, colon + 1);
        int localEnd = line.indexOf(' ', local);
        int remote = skipSpaces(line, localEnd);
        int remoteEnd = line.indexOf(' ', remote);
        int state = skipSpaces(line, remoteEnd);
        if (local < 0 || localEnd < 0 || remoteEnd < 0 || state + 2 > line.length()) {
            return false;
        }
        String localAddress = line.substring(local, localEnd);
        return (localAddress.equals(v4Local) || localAddress.equals(v6Local)) && line.startsWith(ESTABLISHED, state);
    }

    private static int skipSpaces(String line, int from) {
        int i = from;
        while (i >= 0 && i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
