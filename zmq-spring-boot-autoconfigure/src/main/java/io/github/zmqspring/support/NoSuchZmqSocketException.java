package io.github.zmqspring.support;

import java.util.List;
import java.util.Objects;

/**
 * Thrown when a socket name ({@code @ZmqListener(socket = ...)}, {@code @SendTo}, a {@code ZmqTemplate} call) names
 * no declared socket ({@code zmq.sockets.<name>}). At start-up, Spring Boot reports it as a failure analysis that
 * lists the declared sockets and the closest names.
 */
public class NoSuchZmqSocketException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String socketName;

	private final List<String> declaredNames;

	/**
	 * Creates the exception.
	 * @param message what asked for the socket and what to do
	 * @param socketName the name that was asked for
	 * @param declaredNames the names of the declared sockets, in declaration order
	 */
	public NoSuchZmqSocketException(String message, String socketName, List<String> declaredNames) {
		super(message);
		this.socketName = Objects.requireNonNull(socketName, "'socketName' must not be null");
		this.declaredNames = List.copyOf(declaredNames);
	}

	/**
	 * The name that was asked for.
	 * @return the name
	 */
	public String getSocketName() {
		return this.socketName;
	}

	/**
	 * The names of the declared sockets.
	 * @return the names, in declaration order
	 */
	public List<String> getDeclaredNames() {
		return this.declaredNames;
	}

}
