package io.github.zmqspring.core;

import java.util.List;

/**
 * A running proxy between two sockets: ROUTER↔DEALER (a broker for n clients and m workers), XSUB↔XPUB (a
 * publish/subscribe forwarder) or PULL↔PUSH (a streamer), with an optional capture socket receiving a copy of every
 * message. One owner thread drives all its sockets. Thread-safe.
 */
public interface ZmqProxy extends AutoCloseable {

	/**
	 * The proxy's name (its frontend's name).
	 * @return the name
	 */
	String name();

	/**
	 * The frontend's bound endpoints, wildcard ports resolved.
	 * @return the endpoints
	 */
	List<String> frontendEndpoints();

	/**
	 * The backend's bound endpoints, wildcard ports resolved.
	 * @return the endpoints
	 */
	List<String> backendEndpoints();

	/**
	 * Messages forwarded so far from frontend to backend.
	 * @return the count
	 */
	long forwardedToBackend();

	/**
	 * Messages forwarded so far from backend to frontend.
	 * @return the count
	 */
	long forwardedToFrontend();

	/**
	 * The current state.
	 * @return the state
	 */
	SocketState state();

	/**
	 * Stops forwarding and closes the sockets on the proxy's thread. Idempotent.
	 */
	@Override
	void close();

}
