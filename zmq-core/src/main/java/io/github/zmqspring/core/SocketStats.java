package io.github.zmqspring.core;

/**
 * A snapshot of a socket's counters since it was opened. All counts are monotonic.
 *
 * @param messagesSent messages handed to the socket (for PUB: published, whatever the subscribers took)
 * @param bytesSent payload bytes of those messages, all frames included
 * @param messagesReceived messages received
 * @param bytesReceived payload bytes received, all frames included
 * @param sendTimeouts sends that failed because the socket stayed at its high water mark for the send timeout
 * @param dropped messages dropped by the socket: PUB messages at least one matching subscriber could not take (it was
 * at its high water mark), ROUTER messages to a peer that is gone or full, messages still queued when the linger
 * expired at close
 * @param handlerErrors messages whose handler threw
 * @param lateReplies replies that arrived after their request timed out (or matched no request)
 * @param malformed received messages dropped because they did not have the expected shape (a request without an
 * envelope delimiter on a REP server)
 * @param handshakeFailures ZMTP handshakes that failed for a protocol reason ({@link SocketEventType#HANDSHAKE_FAILED}:
 * bad greeting, a ZMTP 1.0/2.0 downgrade to a secured socket, a malformed or unexpected command, a wrong CURVE key)
 * @param authFailures handshakes whose credentials the authenticator refused ({@link SocketEventType#AUTH_FAILED})
 * @param engineFaults faults of the I/O layer attributed to this socket ({@link SocketEventType#ENGINE_FAULT}), such
 * as a connection that failed after its handshake (a protocol error, a limit exceeded); that connection is dropped
 * @param requestRetries requests sent again under the requester's {@link ZmqRetryPolicy} after an attempt got no reply
 */
public record SocketStats(long messagesSent, long bytesSent, long messagesReceived, long bytesReceived,
		long sendTimeouts, long dropped, long handlerErrors, long lateReplies, long malformed,
		long handshakeFailures, long authFailures, long engineFaults, long requestRetries) {

}
