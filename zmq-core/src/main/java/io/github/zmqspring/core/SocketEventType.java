package io.github.zmqspring.core;

/**
 * What happened to a socket. Most values mirror libzmq's socket monitor events; {@link #ENGINE_FAULT} is the
 * engine's own.
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
	 * The ZMTP handshake failed: a broken greeting, a mechanism or socket type mismatch, a malformed or oversized
	 * command, a CURVE box that does not open, a deadline that expired, a peer that closed or refused, too many
	 * pending handshakes. The {@linkplain SocketEvent#reason() reason} says which; the endpoint names the peer.
	 */
	HANDSHAKE_FAILED,
	/**
	 * The peer's credentials were refused (by the authenticator of a CURVE or PLAIN server: the
	 * {@linkplain SocketEvent#reason() reason} is {@link SocketEventReason#CLIENT_KEY_REFUSED},
	 * {@link SocketEventReason#CREDENTIALS_REFUSED}, {@link SocketEventReason#ADDRESS_REFUSED}, ...), or the peer
	 * refused ours ({@link SocketEventReason#PEER_REFUSED}, on the client).
	 */
	AUTH_FAILED,
	/**
	 * The I/O layer reported an internal failure while serving this socket's connections, or a peer broke the
	 * protocol after its handshake (the {@linkplain SocketEvent#reason() reason} says how, {@link SocketEventReason#NONE}
	 * for an internal failure).
	 */
	ENGINE_FAULT

}
