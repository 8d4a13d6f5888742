package io.github.zmqspring.boot.autoconfigure;

/**
 * Thrown at start-up when a {@code zmq.*} property has a value the engine cannot use. The message starts with the
 * property and the value, for example {@code "zmq.sockets.weather.bind: 'tcp:/*:5556' is not a valid endpoint
 * (expected tcp://host:port, ipc://path or inproc://name; ...)"}.
 */
public class InvalidZmqPropertyException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String property;

	/**
	 * Creates the exception.
	 * @param property the property, in kebab-case ({@code zmq.sockets.weather.send-hwm})
	 * @param problem what is wrong with its value and what to do, appended after {@code "<property>: "}
	 * @param cause the engine's exception, may be {@code null}
	 */
	public InvalidZmqPropertyException(String property, String problem, Throwable cause) {
		super(property + ": " + problem, cause);
		this.property = property;
	}

	/**
	 * The property whose value is invalid.
	 * @return the property name, in kebab-case
	 */
	public String getProperty() {
		return this.property;
	}

}
