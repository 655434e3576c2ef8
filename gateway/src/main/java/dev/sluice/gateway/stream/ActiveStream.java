package dev.sluice.gateway.stream;

/**
 * A stream in progress on one connection, as the connection's router sees it. All calls arrive on
 * the channel's event loop.
 */
public interface ActiveStream {

    /** The connection closed: stop at once and release everything held. */
    void clientGone();

    /** The channel's writability changed; a paused stream resumes when it becomes writable. */
    void writabilityChanged(boolean writable);
}
