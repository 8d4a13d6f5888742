package io.github.zmqspring.core;

import org.jspecify.annotations.Nullable;

/**
 * Base class of the runtime exceptions the engine throws. Messages name the socket and, where one is involved, the
 * endpoint.
 */
public class ZmqException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with a message.
	 * @param message what failed and what to do about it
	 */
	public ZmqException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a message and a cause.
	 * @param message what failed and what to do about it
	 * @param cause the underlying failure, may be {@code null}
	 */
	public ZmqException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
