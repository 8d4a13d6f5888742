package io.github.zmqspring.support;

import java.util.Set;

import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * The named sockets of the application ({@code zmq.sockets.<name>}): the one place where the template, a listener's
 * {@code @SendTo} and {@code @ZmqListener(socket = ...)} find them. One socket per name, opened once and shared by
 * every user; the registry owns it and closes it. The default is {@link ZmqSockets}. Implementations are thread-safe.
 */
public interface ZmqSocketRegistry {

	/**
	 * The names of the declared sockets, in declaration order.
	 * @return the names
	 */
	Set<String> names();

	/**
	 * Whether a socket with this name is declared.
	 * @param name the name
	 * @return {@code true} when {@code zmq.sockets.<name>} exists
	 */
	default boolean contains(String name) {
		return names().contains(name);
	}

	/**
	 * The spec of a declared socket (defaults, its own options and the customizers applied), for a component that
	 * opens the socket itself (a listener container receiving on it).
	 * @param name the socket name
	 * @return the spec
	 * @throws NoSuchZmqSocketException when no socket has that name
	 */
	ZmqSocketSpec spec(String name);

	/**
	 * The socket to send on, opened on first use.
	 * @param name a declared socket of a type that sends
	 * @return the open socket, owned by the registry
	 * @throws IllegalArgumentException when the name is unknown or its type cannot send
	 * @throws IllegalStateException when the socket is open as a requester
	 * @throws io.github.zmqspring.core.ZmqException when it cannot be opened
	 */
	ZmqSocket sender(String name);

	/**
	 * The requester of a REQ or DEALER socket, opened on first use.
	 * @param name a declared REQ or DEALER socket
	 * @return the requester, owned by the registry
	 * @throws IllegalArgumentException when the name is unknown or not REQ/DEALER
	 * @throws IllegalStateException when the DEALER is already open for sending
	 * @throws io.github.zmqspring.core.ZmqException when it cannot be opened
	 */
	ZmqRequester requester(String name);

}
