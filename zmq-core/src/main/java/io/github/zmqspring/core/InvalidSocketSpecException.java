package io.github.zmqspring.core;

/**
 * Thrown when a {@link ZmqSocketSpec} is invalid. The message names the socket, the field and the bad value, for
 * example {@code "socket 'weather': bind 'tcp:/*:5556' is not a valid endpoint (expected tcp://host:port,
 * ipc://path or inproc://name)"}.
 */
public class InvalidSocketSpecException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String field;

	/**
	 * Creates the exception.
	 * @param field the spec field that is invalid
	 * @param message the full message, naming the field and the value
	 */
	public InvalidSocketSpecException(String field, String message) {
		super(message);
		this.field = field;
	}

	/**
	 * The name of the invalid field, as the builder method names it ({@code bind}, {@code sendHighWaterMark}, ...).
	 * @return the field name
	 */
	public String getField() {
		return this.field;
	}

}
