package io.github.zmqspring.core.internal.engine;

/**
 * A subscription or cancellation queued to a peer, encoded by its connection as the peer's ZMTP version wants it:
 * a SUBSCRIBE/CANCEL command (3.1) or a {@code 01}/{@code 00} + topic message (3.0).
 * @param subscribe {@code true} to subscribe, {@code false} to cancel
 * @param topic the prefix
 */
record SubscriptionItem(boolean subscribe, byte[] topic) {
}
