package io.github.zmqspring.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What every socket the engine manages has in common: identity, state, actual endpoints, counters and a graceful
 * close. Thread-safe.
 */
public interface ManagedSocket extends AutoCloseable {

	/**
	 * The socket's name from its spec.
	 * @return the name
	 */
	String name();

	/**
	 * The socket's type from its spec.
	 * @return the type
	 */
	SocketType type();

	/**
	 * The current state.
	 * @return the state
	 */
	SocketState state();

	/**
	 * Why the socket failed when its state is {@link SocketState#FAILED}.
	 * @return the failure or {@code null}
	 */
	@Nullable Throwable failure();

	/**
	 * The endpoints the socket is bound to, with wildcard ports resolved (for example {@code tcp://0.0.0.0:49152}
	 * for a bind to {@code tcp://*:*}).
	 * @return the bound endpoints, in bind order
	 */
	List<String> boundEndpoints();

	/**
	 * The endpoints the socket connects to.
	 * @return the connected endpoints
	 */
	List<String> connectedEndpoints();

	/**
	 * The port of the first TCP endpoint the socket is bound to.
	 * @return the port, or -1 when the socket has no TCP bind
	 */
	default int boundPort() {
		for (String endpoint : boundEndpoints()) {
			if (endpoint.startsWith("tcp://")) {
				return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
			}
		}
		return -1;
	}

	/**
	 * Replaces the socket's security material without closing it (key rotation): connections whose handshake starts
	 * afterwards use the new keys or credentials; established connections are kept. The mechanism, the side (client or
	 * server) and the ZAP domain must stay what they are.
	 * @param security the new settings
	 * @throws IllegalArgumentException naming the socket when the socket has no security, or the new settings change
	 * its mechanism, side or ZAP domain
	 * @throws ZmqClosedException when the socket is closed
	 */
	void updateSecurity(ZmqSecurity security);

	/**
	 * A snapshot of the socket's counters.
	 * @return the counters
	 */
	SocketStats stats();

	/**
	 * The peers the socket is connected to now, handshake completed (0 once it closed).
	 * @return the count
	 */
	int connectedPeers();

	/**
	 * The messages waiting in the socket's queues now: queued to its peers and not yet written, plus received and not
	 * yet taken by its handler (0 once it closed). Bounded by the high water marks.
	 * @return the count
	 */
	int queuedMessages();

	/**
	 * Pauses receiving: no message is handed to the handler until {@link #resume()} (the one in hand finishes;
	 * sending and replies go on). Received messages wait in the socket's queues up to the receive high water mark;
	 * then the connections stop reading, so TCP and the peers' own high water marks push back: a PUSH peer waits or
	 * sends to other workers, a PUB peer drops for this subscriber, as ZeroMQ does for a slow one. Nothing is lost
	 * by the pause itself, and a {@link #close()} of a paused socket still handles what it received. Idempotent; no
	 * effect on a socket without a handler.
	 */
	void pause();

	/** Resumes receiving after {@link #pause()}: queued messages are handed out first, in order. Idempotent. */
	void resume();

	/**
	 * Whether {@link #pause()} holds the socket.
	 * @return {@code true} between a pause and the next resume
	 */
	boolean isPaused();

	/**
	 * Closes the socket gracefully: stops receiving (sending goes on), lets the messages already received finish in
	 * their handlers and send their replies or results, then closes the socket on its loop, which delivers queued
	 * messages within the linger, and waits for that to finish (a handler closing its own socket does not wait).
	 * Handlers still running the linger plus a grace of a few seconds into the close are abandoned, counted and
	 * logged at WARN. Idempotent.
	 */
	@Override
	void close();

}
