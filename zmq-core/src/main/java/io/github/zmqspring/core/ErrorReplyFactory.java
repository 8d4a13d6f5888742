package io.github.zmqspring.core;

/**
 * Builds the reply a {@link ZmqServer} sends when its handler fails. The default,
 * {@link #DEFAULT}, is one UTF-8 frame {@code "ERROR: <exception type>: <message>"} — a single frame, so that a plain
 * {@code socket.recv_string()} on a pyzmq REQ client reads it.
 */
@FunctionalInterface
public interface ErrorReplyFactory {

	/** The prefix of the default error reply's frame. */
	String ERROR_PREFIX = "ERROR: ";

	/** One frame: {@code "ERROR: <exception simple class name>: <message>"}, the message cut at 200 characters. */
	ErrorReplyFactory DEFAULT = (request, failure) -> {
		String message = String.valueOf(failure.getMessage());
		if (message.length() > 200) {
			message = message.substring(0, 200) + "...";
		}
		return ZmqMessage.of(ERROR_PREFIX + failure.getClass().getSimpleName() + ": " + message);
	};

	/**
	 * Builds the error reply.
	 * @param request the request that failed
	 * @param failure what the handler threw
	 * @return the reply body
	 */
	ZmqMessage errorReply(ZmqRequest request, Throwable failure);

}
