package dev.sluice.gateway.bus;

/**
 * A message with the position the bus gave it in its channel.
 *
 * @param seq the channel's sequence number: 1 for the first message ever published to the channel on
 *     this bus, then one more per message, never reused while the bus keeps the channel. It is the
 *     event's SSE {@code id} on the wire.
 */
public record BusDelivery(long seq, BusMessage message) {
}
