package io.github.zmqspring.core;

/**
 * What happened to a socket. Most values mirror libzmq's socket monitor events; {@link #HANDSHAKE_STALLED} and
 * {@link #ENGINE_FAULT} are the engine's own.
 */
public enum SocketEventType {

	/** A bind succeeded; the endpoint is listening. */
	LISTENING,
	/** A bind failed. */
	BIND_FAILED,
	/** A peer's connection was accepted. */
	ACCEPTED,
	/** A peer's connection could not be accepted. */
	ACCEPT_FAILED,
	/** A connection to a peer was established (TCP level; the ZMTP handshake follows). */
	CONNECTED,
	/** A connect is in progress asynchronously. */
	CONNECT_DELAYED,
	/** A connect attempt failed and will be retried after the reconnect interval. */
	CONNECT_RETRIED,
	/** A connection or listener was closed. */
	CLOSED,
	/** Closing a connection or listener failed. */
	CLOSE_FAILED,
	/** A peer disconnected (or was dropped). */
	DISCONNECTED,
	/** The ZMTP handshake with a peer completed (greeting and security mechanism). */
	HANDSHAKE_SUCCEEDED,
	/**
	 * The ZMTP handshake failed for a protocol reason (bad greeting, malformed command, unexpected command...), or the
	 * connection closed before its handshake completed (value 0: a mechanism mismatch, a refused protocol downgrade, an
	 * expired handshake timer, a peer that is not ZeroMQ at all).
	 */
	HANDSHAKE_FAILED,
	/** The peer's credentials were refused (CURVE key, PLAIN password, ZAP decision). */
	AUTH_FAILED,
	/** A connection completed its TCP connect but not its handshake in time; the engine is recovering it. */
	HANDSHAKE_STALLED,
	/** The I/O layer reported an internal failure while serving this socket's connections. */
	ENGINE_FAULT

}
