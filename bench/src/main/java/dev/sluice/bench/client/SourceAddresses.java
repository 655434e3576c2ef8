package dev.sluice.bench.client;

import java.net.InetSocketAddress;

/**
 * Loopback source addresses a client process binds its connections to, round-robin. Each address has
 * its own ephemeral port range, so many of them keep a large run (and the TIME_WAIT it leaves) from
 * running out of local ports. Shards get disjoint addresses.
 */
public final class SourceAddresses {

    private final InetSocketAddress[] addresses;

    /** {@code count} addresses for shard {@code shardIndex}: 127.0.0.(1 + shardIndex * count) onwards. */
    public SourceAddresses(int count, int shardIndex) {
        if (count < 1 || (shardIndex + 1) * count > 254) {
            throw new IllegalArgumentException("source addresses must fit in 127.0.0.1-254: " + count
                    + " per process, shard " + shardIndex);
        }
        addresses = new InetSocketAddress[count];
        for (int i = 0; i < count; i++) {
            addresses[i] = new InetSocketAddress("127.0.0." + (1 + shardIndex * count + i), 0);
        }
    }

    /** The address for the {@code n}-th connection. */
    public InetSocketAddress forConnection(long n) {
        return addresses[(int) (n % addresses.length)];
    }

    /** How many addresses rotate. */
    public int size() {
        return addresses.length;
    }
}
