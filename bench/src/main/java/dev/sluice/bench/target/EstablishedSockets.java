package dev.sluice.bench.target;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Counts the ESTABLISHED TCP sockets whose local port is a server's port, from {@code /proc/net/tcp}
 * and {@code /proc/net/tcp6}: the connections a target holds, whatever the target is written in.
 * The bench's own client sockets have the port as their remote end and are not counted.
 */
public final class EstablishedSockets {

    private static final String ESTABLISHED = "01";

    private final String portHex;

    /** A counter for server port {@code port}. */
    public EstablishedSockets(int port) {
        this.portHex = String.format(java.util.Locale.ROOT, "%04X", port);
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
        return line.startsWith(portHex, localEnd - 4) && line.startsWith(ESTABLISHED, state);
    }

    private static int skipSpaces(String line, int from) {
        int i = from;
        while (i >= 0 && i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
