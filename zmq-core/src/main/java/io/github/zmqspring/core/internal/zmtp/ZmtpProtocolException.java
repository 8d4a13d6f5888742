package io.github.zmqspring.core.internal.zmtp;

import java.util.Objects;

/**
 * Signals that a peer broke the ZMTP protocol or one of our limits. The connection it happened on cannot go on: the
 * decoder or assembler that threw is unusable afterwards, and the caller closes the connection and reports the
 * {@link #reason() reason}. The message is meant for a user reading a log and names the offending value and the limit.
 */
public final class ZmtpProtocolException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * What the peer did wrong.
	 */
	public enum Reason {

		/** The first octet is not {@code FF} or the signature is otherwise broken: the peer does not speak ZMTP 3. */
		NOT_ZMTP,

		/** The peer speaks ZMTP 1.0 (octet 9 bit 0 clear) or 2.0 (major version below 3). */
		UNSUPPORTED_VERSION,

		/** The peer's security mechanism differs from ours. */
		MECHANISM_MISMATCH,

		/** A data frame is larger than the limit, or its size has the top bit set. */
		FRAME_TOO_LARGE,

		/** The frames of one multipart message add up to more than the limit. */
		MESSAGE_TOO_LARGE,

		/** A multipart message has more frames than the limit. */
		TOO_MANY_FRAMES,

		/** A command frame is larger than the limit for commands. */
		COMMAND_TOO_LARGE,

		/** A command frame's name is empty or longer than the frame. */
		MALFORMED_COMMAND,

		/** A metadata property is truncated, has an empty name or claims more bytes than there are. */
		MALFORMED_METADATA,

		/** The peer's socket type cannot talk to ours. */
		INCOMPATIBLE_SOCKET_TYPE,

		/** The peer sent a command that does not belong at this point of the conversation. */
		UNEXPECTED_COMMAND,

		/**
		 * The security handshake was refused: the peer sent ERROR (its ZAP handler said no).
		 */
		AUTHENTICATION_FAILED,

		/**
		 * A CURVE box does not open (wrong key, tampered octets, a cookie or vouch that is not ours), or a key is not
		 * usable.
		 */
		CRYPTO_FAILED,

		// Appended, so that the ordinals above (the value of HANDSHAKE_FAILED and ENGINE_FAULT events) stay.

		/** A CURVE short nonce does not exceed the previous one: a replayed or reordered box. */
		REPLAYED_NONCE,

		/** A ZAP reply does not match its request (version or request id): our own handler failed. */
		ZAP_REPLY_MISMATCH,

		/** The peer exceeded its subscription budget (the count or the bytes of its subscriptions). */
		SUBSCRIPTION_LIMIT

	}

	private final Reason reason;

	/**
	 * Creates an exception for the given reason with a message for the user.
	 * @param reason what the peer did wrong
	 * @param message what happened, with the offending value and the limit where there is one
	 */
	public ZmtpProtocolException(Reason reason, String message) {
		super(message);
		this.reason = Objects.requireNonNull(reason, "'reason' must not be null");
	}

	/**
	 * Returns what the peer did wrong.
	 * @return the reason, never {@code null}
	 */
	public Reason reason() {
		return this.reason;
	}

}
