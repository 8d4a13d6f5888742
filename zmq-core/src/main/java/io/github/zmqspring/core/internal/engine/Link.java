package io.github.zmqspring.core.internal.engine;

import org.jspecify.annotations.Nullable;

/**
 * A socket's view of one peer: the pipe of messages to it, the pipe of messages from it, its routing id and address.
 * Over tcp and ipc a link is served by a {@link Connection} on an I/O thread (for a connecting socket, by each
 * connection in turn when the link outlives reconnects); over inproc the pipes are the peer socket's pipes, crossed.
 * <p>
 * Fields written once before the link is attached are safe to read afterwards (attachment goes through the socket's
 * lock); the rest are volatile.
 */
final class Link {

	/** Messages from the socket to the peer. */
	final Pipe outbound;

	/** Messages from the peer to the socket. */
	final Pipe inbound;

	/** Where the link leads, for events and logs: the peer's address or the endpoint. */
	final String address;

	/** Whether the link outlives its connections (a connecting socket's link with immediate off). */
	final boolean persistent;

	/** The peer's routing id as a ROUTER sees it; set when the handshake completes. */
	volatile byte @Nullable [] routingId;

	/** Whether the peer speaks ZMTP 3.1 (SUBSCRIBE/CANCEL commands) rather than 3.0 (subscription messages). */
	volatile boolean zmtp31 = true;

	/** The connection serving the link now (tcp, ipc), or {@code null} between connections and for inproc. */
	volatile @Nullable Connection connection;

	/** Whether the link is an inproc one (set before it is attached). */
	volatile boolean inproc;

	/** The inproc peer's link (the same pipes, crossed), or {@code null}. */
	volatile @Nullable Link inprocPeer;

	/** The inproc peer socket, or {@code null}. */
	volatile @Nullable EngineSocket inprocSocket;

	/** Whether the link was detached from its socket (nothing more is sent to it). */
	volatile boolean detached;

	/** Socket-private state of the socket type (a PUB's subscriptions of this peer, ...); guarded by the socket. */
	@Nullable Object typeState;

	/** The socket's mark of the last send that chose this link (PUB); guarded by the socket. */
	int mark;

	/** Whether the link sits in the socket's queue of readable links; guarded by the socket. */
	boolean queuedForRead;

	Link(Pipe outbound, Pipe inbound, String address, boolean persistent) {
		this.outbound = outbound;
		this.inbound = inbound;
		this.address = address;
		this.persistent = persistent;
	}

	@Override
	public String toString() {
		return "link to " + this.address;
	}

}
