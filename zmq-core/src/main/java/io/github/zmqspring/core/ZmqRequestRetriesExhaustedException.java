package io.github.zmqspring.core;

import java.time.Duration;

/**
 * Thrown (or used to complete a future exceptionally) when a request sent under a {@link ZmqRetryPolicy} got no
 * reply after its last attempt. A {@link ZmqRequestTimeoutException}, so code written for a single attempt still
 * catches it; its cause is the last attempt's failure (a {@link ZmqRequestTimeoutException} or a
 * {@link ZmqSendTimeoutException}).
 */
public class ZmqRequestRetriesExhaustedException extends ZmqRequestTimeoutException {

	private static final long serialVersionUID = 1L;

	private final int attempts;

	private final Duration elapsed;

	/**
	 * Creates the exception.
	 * @param socketName the requester's socket name
	 * @param timeout the timeout of each attempt
	 * @param attempts the attempts made
	 * @param elapsed the time from the first attempt to the last failure
	 * @param lastFailure the last attempt's failure
	 */
	public ZmqRequestRetriesExhaustedException(String socketName, Duration timeout, int attempts, Duration elapsed,
			Throwable lastFailure) {
		super("No reply on socket '" + socketName + "' after " + attempts + " attempt" + ((attempts == 1) ? "" : "s")
				+ " in " + elapsed.toMillis() + " ms (each waiting up to " + timeout.toMillis() + " ms; last: "
				+ lastFailure.getMessage() + "): check that a server is connected and answering, or raise the "
				+ "request timeout or the socket's request-retry settings", socketName, timeout, lastFailure);
		this.attempts = attempts;
		this.elapsed = elapsed;
	}

	/**
	 * The number of attempts made, the first one included.
	 * @return the attempts
	 */
	public int getAttempts() {
		return this.attempts;
	}

	/**
	 * The time from the first attempt to the last failure.
	 * @return the elapsed time
	 */
	public Duration getElapsed() {
		return this.elapsed;
	}

}
