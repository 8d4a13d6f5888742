package io.github.zmqspring.core;

/**
 * Thrown when a socket, requester or engine is used after it was closed, and used to complete requests still
 * waiting when their requester closes.
 */
public class ZmqClosedException extends ZmqException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message which component was closed
	 */
	public ZmqClosedException(String message) {
		super(message);
	}

}
