package dev.sluice.gateway.grip;

/**
 * One GRIP publish item as Sluice uses it: its {@code http-stream} format only.
 *
 * @param channel the channel to publish to
 * @param id the item's GRIP id, or {@code null}
 * @param prevId the id the publisher believes came before on this channel, or {@code null}
 * @param content pre-framed SSE bytes to pass on verbatim (checked by {@link PreFramedSse}); empty when
 *     the item only closes the streams
 * @param close whether the channel's held streams end after this item
 */
public record GripItem(String channel, String id, String prevId, byte[] content, boolean close) {
}
