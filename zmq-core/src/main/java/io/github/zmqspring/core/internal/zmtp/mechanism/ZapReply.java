package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.util.Objects;
import java.util.Set;

import io.github.zmqspring.core.SocketEventReason;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;

/**
 * A ZAP reply (RFC 27): the decision about one {@link ZapRequest}.
 *
 * @param version always {@value ZapRequest#VERSION}
 * @param requestId the request's id
 * @param statusCode {@code 200} (accept), {@code 300} (temporary failure: the peer is closed without ERROR),
 * {@code 400} (refused) or {@code 500} (internal error): 400 and 500 reach the peer as ERROR with the code
 * @param statusText a reason for logs
 * @param userId who the peer is, for the application; possibly empty
 * @param metadata properties the handler attaches to the peer's messages; possibly empty
 * @param reason why the peer was refused, for the refused connection's event and meters (wire-invisible, bounded,
 * unlike the status text); {@link SocketEventReason#NONE} for 200
 */
public record ZapReply(String version, String requestId, String statusCode, String statusText, String userId,
		ZmtpMetadata metadata, SocketEventReason reason) {

	private static final Set<String> STATUS_CODES = Set.of("200", "300", "400", "500");

	/**
	 * Checks the parts.
	 * @param version always {@value ZapRequest#VERSION}
	 * @param requestId the request's id
	 * @param statusCode 200, 300, 400 or 500
	 * @param statusText a reason
	 * @param userId the user id
	 * @param metadata the properties
	 * @param reason why the peer was refused, {@link SocketEventReason#NONE} for 200
	 * @throws IllegalArgumentException if the status code is not one of the four RFC 27 defines
	 */
	public ZapReply {
		Objects.requireNonNull(version, "'version' must not be null");
		Objects.requireNonNull(requestId, "'requestId' must not be null");
		Objects.requireNonNull(statusCode, "'statusCode' must not be null");
		Objects.requireNonNull(statusText, "'statusText' must not be null");
		Objects.requireNonNull(userId, "'userId' must not be null");
		Objects.requireNonNull(metadata, "'metadata' must not be null");
		Objects.requireNonNull(reason, "'reason' must not be null");
		if (!STATUS_CODES.contains(statusCode)) {
			throw new IllegalArgumentException(
					"'statusCode' must be 200, 300, 400 or 500 (RFC 27) but was '" + statusCode + "'");
		}
	}

	/**
	 * Creates a reply whose reason follows from its status code: {@link SocketEventReason#NONE} for 200,
	 * {@link SocketEventReason#ZAP_ERROR} for 500, {@link SocketEventReason#ACCESS_DENIED} for 300 and 400.
	 * @param version always {@value ZapRequest#VERSION}
	 * @param requestId the request's id
	 * @param statusCode 200, 300, 400 or 500
	 * @param statusText a reason
	 * @param userId the user id
	 * @param metadata the properties
	 */
	public ZapReply(String version, String requestId, String statusCode, String statusText, String userId,
			ZmtpMetadata metadata) {
		this(version, requestId, statusCode, statusText, userId, metadata, reasonOf(statusCode));
	}

	private static SocketEventReason reasonOf(String statusCode) {
		return switch (statusCode) {
			case "200" -> SocketEventReason.NONE;
			case "500" -> SocketEventReason.ZAP_ERROR;
			default -> SocketEventReason.ACCESS_DENIED;
		};
	}

	/**
	 * Accepts a request.
	 * @param request the request
	 * @param userId who the peer is, possibly empty
	 * @return a 200 reply
	 */
	public static ZapReply accept(ZapRequest request, String userId) {
		return new ZapReply(ZapRequest.VERSION, request.requestId(), "200", "OK", userId, new ZmtpMetadata());
	}

	/**
	 * Refuses a request.
	 * @param request the request
	 * @param statusCode 300, 400 or 500
	 * @param statusText a reason
	 * @return the reply
	 */
	public static ZapReply refuse(ZapRequest request, String statusCode, String statusText) {
		return new ZapReply(ZapRequest.VERSION, request.requestId(), statusCode, statusText, "", new ZmtpMetadata());
	}

	/**
	 * Returns whether the reply accepts the peer.
	 * @return {@code true} for status 200
	 */
	public boolean accepted() {
		return "200".equals(this.statusCode);
	}

}
