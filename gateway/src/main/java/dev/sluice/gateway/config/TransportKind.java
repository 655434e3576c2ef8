package dev.sluice.gateway.config;

/** Which I/O transport the event loops use. */
public enum TransportKind {
    /** Native epoll where the platform supports it and the library loads, NIO otherwise. */
    AUTO,
    EPOLL,
    /** Linux io_uring (kernel 5.14+); opt-in, never chosen by {@code AUTO}. */
    IO_URING,
    NIO
}
