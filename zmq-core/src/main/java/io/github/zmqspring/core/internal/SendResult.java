package io.github.zmqspring.core.internal;

/**
 * The outcome of a non-blocking send on a {@link DriverSocket}.
 */
public enum SendResult {

	/** The message was queued for every peer it was meant for. */
	SENT,
	/** PUB/XPUB: the message was queued, but at least one matching subscriber was at its high water mark. */
	SENT_WITH_DROPS,
	/** The socket is at its high water mark: nothing was sent; retry when it becomes writable. */
	WOULD_BLOCK,
	/** ROUTER/STREAM: the routing id names no connected peer, or that peer is full; nothing was sent. */
	UNROUTABLE

}
