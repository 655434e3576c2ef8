package dev.sluice.gateway.config;

/** Which I/O transport the event loops use. */
public enum TransportKind {
    /** Native epoll where the platform supports it and the library loads, NIO otherwise. */
    AUTO,
    EPOLL,
    NIO
}
