package io.github.zmqspring.listener;

import io.github.zmqspring.core.ZmqSocket;

/**
 * Gives the open socket for a socket name, opening it on first use; used by listeners to forward their results
 * ({@code @SendTo}). One socket per name, shared by every listener that forwards to it. Implementations are
 * thread-safe.
 */
@FunctionalInterface
public interface ZmqOutboundSockets {

	/**
	 * The socket of that name, opened on first use.
	 * @param name the socket name (a {@code zmq.sockets.<name>} entry)
	 * @return the open socket
	 * @throws IllegalArgumentException when no socket of that name is defined or it cannot send
	 * @throws io.github.zmqspring.core.ZmqException when it cannot be opened
	 */
	ZmqSocket getSocket(String name);

}
