package dev.sluice.gateway.http;

/**
 * What the {@link RequestRouter} reports about a connection's request cycle, so that timeouts know
 * whether the connection is waiting for a request or busy answering one. Calls come on the
 * connection's event loop.
 */
public interface ConnectionActivity {
    /** Reports nothing, for a router without timeouts. */
    ConnectionActivity NONE = new ConnectionActivity() {
        @Override
        public void requestReceived() {
        }

        @Override
        public void idle() {
        }
    };

    /** A whole request (headers and body) has been received; its answer is under way. */
    void requestReceived();

    /** Every answer has been written and no stream runs: the connection waits for a request. */
    void idle();
}
