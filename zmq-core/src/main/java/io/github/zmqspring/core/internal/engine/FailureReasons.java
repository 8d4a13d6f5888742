package io.github.zmqspring.core.internal.engine;

import io.github.zmqspring.core.SocketEventReason;
import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException;

/**
 * Maps the protocol core's {@link ZmtpProtocolException.Reason reasons} onto the public, bounded
 * {@link SocketEventReason} of events and meter tags. The switch has no default: a new protocol reason does not compile
 * until it is mapped. Stateless.
 */
final class FailureReasons {

	private FailureReasons() {
	}

	/**
	 * The public reason of a protocol failure.
	 * @param reason what the peer did wrong
	 * @return the reason its event carries
	 */
	static SocketEventReason of(ZmtpProtocolException.Reason reason) {
		return switch (reason) {
			case NOT_ZMTP -> SocketEventReason.MALFORMED_GREETING;
			case UNSUPPORTED_VERSION -> SocketEventReason.UNSUPPORTED_VERSION;
			case MECHANISM_MISMATCH -> SocketEventReason.MECHANISM_MISMATCH;
			case INCOMPATIBLE_SOCKET_TYPE -> SocketEventReason.SOCKET_TYPE_MISMATCH;
			case MALFORMED_COMMAND, MALFORMED_METADATA -> SocketEventReason.MALFORMED_COMMAND;
			case UNEXPECTED_COMMAND -> SocketEventReason.UNEXPECTED_COMMAND;
			case FRAME_TOO_LARGE, MESSAGE_TOO_LARGE, TOO_MANY_FRAMES, COMMAND_TOO_LARGE -> SocketEventReason.OVERSIZED;
			case SUBSCRIPTION_LIMIT -> SocketEventReason.LIMIT_EXCEEDED;
			case CRYPTO_FAILED -> SocketEventReason.CRYPTO_FAILED;
			case REPLAYED_NONCE -> SocketEventReason.REPLAYED_NONCE;
			case AUTHENTICATION_FAILED -> SocketEventReason.PEER_REFUSED;
			case ZAP_REPLY_MISMATCH -> SocketEventReason.ZAP_ERROR;
		};
	}

}
