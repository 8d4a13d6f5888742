package io.github.zmqspring.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Thrown (or used to complete a future exceptionally) when no reply arrived within a request's timeout. The request
 * is forgotten: a reply arriving later is dropped and counted as late.
 */
public class ZmqRequestTimeoutException extends ZmqException {

	private static final long serialVersionUID = 1L;

	private final String socketName;

	private final Duration timeout;

	/**
	 * Creates the exception.
	 * @param socketName the requester's socket name
	 * @param timeout the timeout that expired
	 */
	public ZmqRequestTimeoutException(String socketName, Duration timeout) {
		this("No reply on socket '" + socketName + "' within " + timeout.toMillis()
				+ " ms: check that a server is connected and answering, or raise the request timeout", socketName,
				timeout, null);
	}

	/**
	 * Creates the exception for a request whose timeout expired before it could even be queued: no peer took it.
	 * @param socketName the requester's socket name
	 * @param timeout the timeout that expired
	 * @param cause why the request was not queued
	 */
	public ZmqRequestTimeoutException(String socketName, Duration timeout, Throwable cause) {
		this("No reply on socket '" + socketName + "' within " + timeout.toMillis()
				+ " ms: the request was never sent (" + cause.getMessage() + ")", socketName, timeout, cause);
	}

	/**
	 * Creates the exception with its own message, for subclasses.
	 * @param message the message
	 * @param socketName the requester's socket name
	 * @param timeout the timeout that expired
	 * @param cause the cause, or {@code null}
	 */
	protected ZmqRequestTimeoutException(String message, String socketName, Duration timeout,
			@Nullable Throwable cause) {
		super(message, cause);
		this.socketName = socketName;
		this.timeout = timeout;
	}

	/**
	 * The socket the request was sent on.
	 * @return the socket name
	 */
	public String getSocketName() {
		return this.socketName;
	}

	/**
	 * The timeout that expired.
	 * @return the timeout
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

}
