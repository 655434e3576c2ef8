package dev.sluice.bench.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** The client's I/O transport: native epoll where it loads, NIO otherwise. */
public enum ClientTransport {
    /** Linux native epoll. */
    EPOLL,
    /** JDK NIO selectors. */
    NIO;

    /**
     * Epoll when its native library is available here and complete, else NIO. The build uses one Netty
     * version for classes and natives (the root pom's BOM), so on linux-x86_64 this is epoll
     * ({@code ClientTransportTest}); the error path is still loaded once up front because a classpath
     * that mixes versions makes {@link Epoll#isAvailable()} true while a JNI method it needs is missing.
     */
    public static ClientTransport best() {
        if (!Epoll.isAvailable()) {
            return NIO;
        }
        try {
            Class.forName("io.netty.channel.unix.Errors", true, ClientTransport.class.getClassLoader());
            return EPOLL;
        } catch (LinkageError | ClassNotFoundException incomplete) {
            System.err.println("native epoll is incomplete here (" + incomplete + "); the client uses NIO");
            return NIO;
        }
    }

    /** A new event loop group of {@code threads} threads for this transport. */
    public EventLoopGroup newGroup(int threads) {
        IoHandlerFactory factory = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, factory);
    }

    /**
     * A client bootstrap of this transport with the options every load client uses: reused source ports (many
     * connections per loopback source address), no Nagle delay, a 10 s connect timeout. No group yet.
     */
    public Bootstrap bootstrap() {
        return new Bootstrap().channel(channelClass())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    }

    /** The server socket channel class for this transport (the bench's null target). */
    public Class<? extends io.netty.channel.socket.ServerSocketChannel> serverChannelClass() {
        return this == EPOLL ? io.netty.channel.epoll.EpollServerSocketChannel.class
                : io.netty.channel.socket.nio.NioServerSocketChannel.class;
    }

    /** The socket channel class for this transport. */
    public Class<? extends SocketChannel> channelClass() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
