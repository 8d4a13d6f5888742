package io.github.zmqspring.core;

/**
 * The ZeroMQ socket types the engine supports, with the capabilities the engine checks before it opens a socket.
 * <p>
 * {@link #REP} sockets are served on a ROUTER socket that the engine drives (see {@link ZmqServer}), and
 * {@link #REQ} sockets are libzmq's REQ on the wire, a pool of REQ connections per endpoint (see
 * {@link ZmqRequester}); both stay byte-compatible with libzmq's REQ, REP and ROUTER peers.
 */
public enum SocketType {

	/** Request side of the lock-step request/reply pattern. */
	REQ(true, true),
	/** Reply side of the lock-step request/reply pattern. */
	REP(true, true),
	/** Publisher: sends to every subscriber whose subscription prefixes the first frame. */
	PUB(true, false),
	/** Subscriber: receives messages whose first frame starts with one of its subscriptions. */
	SUB(false, true),
	/** Pipeline sender: load-balances messages over connected PULL peers. */
	PUSH(true, false),
	/** Pipeline receiver: fair-queues messages from connected PUSH peers. */
	PULL(false, true),
	/** Asynchronous requester: load-balances outgoing, fair-queues incoming messages. */
	DEALER(true, true),
	/** Asynchronous replier: prefixes each received message with the sender's routing id. */
	ROUTER(true, true),
	/** Exclusive pair: one peer, both directions. */
	PAIR(true, true),
	/** Extended publisher: also receives subscription messages from subscribers. */
	XPUB(true, true),
	/** Extended subscriber: subscribes by sending subscription messages. */
	XSUB(true, true),
	/** Raw TCP: talks to non-ZeroMQ peers; every message is {@code [connection id][data]}. */
	STREAM(true, true);

	private final boolean canSend;

	private final boolean canReceive;

	SocketType(boolean canSend, boolean canReceive) {
		this.canSend = canSend;
		this.canReceive = canReceive;
	}

	/**
	 * Whether messages can be sent on a socket of this type.
	 * @return {@code true} for every type but SUB and PULL
	 */
	public boolean canSend() {
		return this.canSend;
	}

	/**
	 * Whether messages can be received on a socket of this type.
	 * @return {@code true} for every type but PUB and PUSH
	 */
	public boolean canReceive() {
		return this.canReceive;
	}

}
