package dev.sluice.gateway.config;

/**
 * Running as one of several gateway processes (SPEC section 12).
 *
 * @param reusePort whether the listening socket is opened with {@code SO_REUSEPORT}, so that several
 *     processes share the port and a restart can start the new process beside the old one
 * @param bus where channels and stream logs are shared between processes, or {@code null} when they
 *     stay in this process
 */
public record ScaleOut(boolean reusePort, BusAddress bus) {
    public boolean hasBus() {
        return bus != null;
    }
}
