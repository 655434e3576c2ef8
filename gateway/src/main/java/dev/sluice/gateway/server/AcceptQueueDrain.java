package dev.sluice.gateway.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a listening socket that shares its port ({@code SO_REUSEPORT}) without resetting the
 * connections the kernel already queued on it.
 *
 * <p>With {@code SO_REUSEPORT} every process's socket has its own accept queue and the kernel hashes
 * each new connection to one of them. Closing a socket resets whatever handshakes completed into its
 * queue and were not accepted yet (unless {@code net.ipv4.tcp_migrate_req=1} moves them to a sibling),
 * so a plain close during a restart refuses a few connections under load. Netty's own close is queued
 * behind the event loop's other work, which leaves connections arriving meanwhile in the queue. This
 * closes in one task on the listener's loop: accept until the queue is empty, hand each connection to
 * the pipeline exactly as Netty's accept does, and close at once. What can still be lost is a
 * handshake completing within the few microseconds between the last {@code accept} and {@code close};
 * {@code docs/SCALING.md} measures it and names the sysctl that removes even that.
 */
final class AcceptQueueDrain {
    private static final Logger log = LoggerFactory.getLogger(AcceptQueueDrain.class);
    /** sockaddr_in6 plus scope id, the buffer size Netty's own accept uses. */
    private static final int ADDRESS_BYTES = 26;

    private AcceptQueueDrain() {
    }

    /** Accepts what the kernel queued on {@code listener}, then closes it; completes when closed. */
    static ChannelFuture close(Channel listener) {
        if (!(listener instanceof EpollServerSocketChannel)) {
            return listener.close();
        }
        var promise = listener.newPromise();
        listener.eventLoop().execute(() -> {
            int accepted = acceptQueued((EpollServerSocketChannel) listener);
            if (accepted > 0) {
                log.info("accepted {} queued connections before closing the shared listener", accepted);
            }
            listener.close().addListener(closed -> promise.setSuccess());
        });
        return promise;
    }

    private static int acceptQueued(EpollServerSocketChannel listener) {
        if (!listener.isOpen()) {
            return 0;
        }
        Socket socket = (Socket) listener.fd();
        byte[] address = new byte[ADDRESS_BYTES];
        int accepted = 0;
        while (true) {
            int fd;
            try {
                // Non-blocking like the listener itself (accept4 with SOCK_NONBLOCK): -1 once the queue is empty.
                fd = socket.accept(address);
            } catch (IOException e) {
                log.warn("accepting queued connections before close: {}", e.toString());
                return accepted;
            }
            if (fd < 0) {
                return accepted;
            }
            // The ServerBootstrap acceptor sets the child options and handlers and registers the channel.
            listener.pipeline().fireChannelRead(new EpollSocketChannel(fd));
            accepted++;
        }
    }
}
