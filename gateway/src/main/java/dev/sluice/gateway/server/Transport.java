package dev.sluice.gateway.server;

import dev.sluice.gateway.config.ConfigException;
import dev.sluice.gateway.config.TransportKind;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O transport in use: how event loops are built and which channel classes go with them.
 *
 * @param name {@code epoll}, {@code io_uring} or {@code nio}
 * @param ioHandlerFactory builds each event loop's I/O handler
 * @param serverChannel the listening channel class
 * @param clientChannel the outbound channel class, for upstream calls on the same loops
 */
public record Transport(String name, IoHandlerFactory ioHandlerFactory,
        Class<? extends ServerChannel> serverChannel, Class<? extends SocketChannel> clientChannel) {
    private static final Logger log = LoggerFactory.getLogger(Transport.class);

    /**
     * Picks the transport. {@code AUTO} takes native epoll when it loads (Linux) and NIO otherwise;
     * asking for epoll where it cannot load is a configuration error, not a silent downgrade.
     */
    public static Transport select(TransportKind kind) {
        switch (kind) {
            case NIO:
                return nio();
            case IO_URING:
                if (!IoUring.isAvailable()) {
                    throw new ConfigException("--transport: io_uring is not available here: "
                            + IoUring.unavailabilityCause());
                }
                return ioUring();
            case EPOLL:
                if (!Epoll.isAvailable()) {
                    throw new ConfigException("--transport: epoll is not available here: "
                            + Epoll.unavailabilityCause());
                }
                return epoll();
            default:
                if (Epoll.isAvailable()) {
                    return epoll();
                }
                log.info("native epoll not available ({}), using NIO", String.valueOf(Epoll.unavailabilityCause()));
                return nio();
        }
    }

    /** Whether listening sockets can be shared with {@code SO_REUSEPORT} (only the native transport sets it). */
    public boolean supportsReusePort() {
        return "epoll".equals(name);
    }

    private static Transport epoll() {
        return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                EpollSocketChannel.class);
    }

    private static Transport ioUring() {
        return new Transport("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class,
                IoUringSocketChannel.class);
    }

    private static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
    }
}
