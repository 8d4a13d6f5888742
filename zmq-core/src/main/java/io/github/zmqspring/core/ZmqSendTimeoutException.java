package io.github.zmqspring.core;

/**
 * Thrown when a message could not be handed to a socket within the send timeout because the socket is at its high
 * water mark (its peers do not keep up, or none is connected). The message was not sent.
 */
public class ZmqSendTimeoutException extends ZmqException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message which socket, how long it waited and what to do
	 */
	public ZmqSendTimeoutException(String message) {
		super(message);
	}

}
