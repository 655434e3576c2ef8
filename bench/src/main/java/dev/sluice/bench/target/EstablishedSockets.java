package dev.sluice.bench.target;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Counts the ESTABLISHED TCP sockets whose local end is a server's address and port, from
 * {@code /proc/net/tcp} and {@code /proc/net/tcp6}: the connections a target holds, whatever the
 * target is written in. The bench's own client sockets have that address as their remote end and are
 * not counted, even when one bound to another loopback source address (127.0.0.2, …) happens to get
 * the server's port number as its ephemeral port.
 *
 * <p>Where iproute2's {@code ss} is installed it asks instead, because reading those tables is not
 * cheap enough to do once a second beside a latency measurement: the kernel walks its whole
 * connection hash table for each read and formats every socket, TIME_WAIT ones included (on this
 * 24 GB machine 45 ms of kernel time for {@code tcp} and 55–120 ms for {@code tcp6} with 10,000
 * streams open, all on the client's CPU, since the bench is pinned with the client). {@code ss}
 * passes the state and port filter to the kernel's socket diagnostics, which formats only matching
 * sockets (10–20 ms). Measured with {@code calibrate ramp --streams 10000 --rate 1000}: the client's
 * warm time-to-first-event floor was 5.0–5.4 ms p99 with the tables read every second.
 */
public final class EstablishedSockets {

    private static final String ESTABLISHED = "01";
    private static final Path SS = List.of("/usr/bin/ss", "/bin/ss", "/usr/sbin/ss", "/sbin/ss").stream()
            .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    private static final long SS_WAIT_SECONDS = 5;

    private final String v4Local;
    private final String v6Local;
    private final String ssV4Local;
    private final String ssV6Local;
    private final int port;
    /** Cleared after {@code ss} fails once (not permitted here, say): the tables are read from then on. */
    private volatile boolean useSs = SS != null;

    /** A counter for the server listening on IPv4 address {@code host} at {@code port}. */
    public EstablishedSockets(Inet4Address host, int port) {
        byte[] ip = host.getAddress();
        // /proc/net/tcp prints the address as one 32-bit word in host (little-endian) order.
        String word = String.format(Locale.ROOT, "%02X%02X%02X%02X", ip[3], ip[2], ip[1], ip[0]);
        String portHex = String.format(Locale.ROOT, "%04X", port);
        this.v4Local = word + ":" + portHex;
        this.v6Local = "0000000000000000FFFF0000" + word + ":" + portHex;
        String dotted = (ip[0] & 0xff) + "." + (ip[1] & 0xff) + "." + (ip[2] & 0xff) + "." + (ip[3] & 0xff);
        this.ssV4Local = dotted + ":" + port;
        this.ssV6Local = "[::ffff:" + dotted + "]:" + port;
        this.port = port;
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

    /** Established connections to the port now, or -1 when neither {@code ss} nor /proc/net can tell. */
    public long count() {
        if (useSs) {
            long counted = countWithSs();
            if (counted >= 0) {
                return counted;
            }
            useSs = false;
        }
        long v4 = countIn(Path.of("/proc/net/tcp"));
        long v6 = countIn(Path.of("/proc/net/tcp6"));
        if (v4 < 0 && v6 < 0) {
            return -1;
        }
        return Math.max(0, v4) + Math.max(0, v6);
    }

    /** {@code ss -tnH state established '( sport = :PORT )'}, counted by local address; -1 if it fails. */
    long countWithSs() {
        if (SS == null) {
            return -1;
        }
        Process ss = null;
        try {
            ss = new ProcessBuilder(SS.toString(), "-tnH", "state", "established", "( sport = :" + port + " )")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long count = 0;
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(ss.getInputStream(), StandardCharsets.US_ASCII))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (matchesSsLine(line)) {
                        count++;
                    }
                }
            }
            if (!ss.waitFor(SS_WAIT_SECONDS, TimeUnit.SECONDS) || ss.exitValue() != 0) {
                return -1;
            }
            return count;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } finally {
            if (ss != null) {
                ss.destroy();
            }
        }
    }

    /** One line of {@code ss -tnH state established}: Recv-Q Send-Q Local:Port Peer:Port. */
    boolean matchesSsLine(String line) {
        int local = skipSpaces(line, 0);
        for (int column = 0; column < 2 && local >= 0; column++) {
            int end = line.indexOf(' ', local);
            local = end < 0 ? -1 : skipSpaces(line, end);
        }
        if (local < 0 || local >= line.length()) {
            return false;
        }
        int localEnd = line.indexOf(' ', local);
        String address = localEnd < 0 ? line.substring(local) : line.substring(local, localEnd);
        return address.equals(ssV4Local) || address.equals(ssV6Local);
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
