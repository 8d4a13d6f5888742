package io.github.zmqspring.core;

import java.util.Locale;

/**
 * Why a connection failed its handshake, was refused or was dropped: the machine-readable reason of a
 * {@link SocketEvent}. The set is closed and small, so it can be a meter tag ({@link #tagValue()}); the peer's
 * address is in {@link SocketEvent#endpoint()}, never in the reason.
 * <p>
 * {@link SocketEventType#HANDSHAKE_FAILED}, {@link SocketEventType#AUTH_FAILED} and the
 * {@link SocketEventType#ENGINE_FAULT} of a peer that broke the protocol carry one of the reasons below, as does the
 * {@link SocketEventType#DISCONNECTED} that follows them; every other event carries {@link #NONE}.
 */
public enum SocketEventReason {

	/** Not a failure, or no reason is known (events other than failures, and connections closed normally). */
	NONE,

	/** The peer's first octets are not a ZMTP 3 greeting: it is not a ZeroMQ peer (HTTP, a port scanner, garbage). */
	MALFORMED_GREETING,

	/** The peer speaks ZMTP 1.0 or 2.0, which this engine does not accept (a protocol downgrade is refused). */
	UNSUPPORTED_VERSION,

	/**
	 * The peer uses another security mechanism than this socket: a NULL client on a CURVE or PLAIN server, a CURVE
	 * client on a NULL socket, PLAIN against CURVE.
	 */
	MECHANISM_MISMATCH,

	/** The peer's socket type cannot talk to this socket's (a PUSH connected to a PUB, for instance). */
	SOCKET_TYPE_MISMATCH,

	/** A command or its metadata is malformed: an empty or truncated name, a property that claims more octets. */
	MALFORMED_COMMAND,

	/** The peer sent a command or a message that does not belong at that point of the handshake. */
	UNEXPECTED_COMMAND,

	/**
	 * A frame, a message, a command or a command's metadata is larger than this socket's limit
	 * ({@code max-message-size}, {@code max-multipart-size}, {@code max-frames}), or a frame's size is not a valid
	 * size at all.
	 */
	OVERSIZED,

	/**
	 * A budget of the socket was exceeded: more connections in their handshake than {@code max-pending-handshakes}
	 * (the one that made no progress for longest is dropped), or a peer's subscriptions beyond
	 * {@code max-subscriptions} or {@code max-subscription-bytes}.
	 */
	LIMIT_EXCEEDED,

	/**
	 * A CURVE box does not open: the client uses another server key than the server's, an octet was tampered with, a
	 * cookie or vouch is not this connection's, or a key is not a usable Curve25519 key.
	 */
	CRYPTO_FAILED,

	/** A CURVE short nonce does not exceed the previous one: a replayed or reordered command or message. */
	REPLAYED_NONCE,

	/** The handshake did not complete within the socket's {@code handshake-interval}. */
	HANDSHAKE_TIMEOUT,

	/** The peer closed the connection before the handshake completed (it may have refused us without saying why). */
	PEER_CLOSED,

	/** The peer refused the handshake with an ERROR command: its authenticator refused our credentials. */
	PEER_REFUSED,

	/** The authenticator refused the peer's IP address (not in {@code allow-ips}, or in {@code deny-ips}). */
	ADDRESS_REFUSED,

	/** The authenticator refused the CURVE client's public key (not on the allow-list) or found it malformed. */
	CLIENT_KEY_REFUSED,

	/** The authenticator refused the PLAIN client's user name and password. */
	CREDENTIALS_REFUSED,

	/** The authenticator refused the peer without a more specific reason (a mechanism it does not serve). */
	ACCESS_DENIED,

	/** The authenticator failed, found the request malformed (ZAP status 500), or its reply did not match. */
	ZAP_ERROR;

	/**
	 * Returns the reason as a meter tag value: its name in lower case, such as {@code client_key_refused}.
	 * @return the tag value
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
