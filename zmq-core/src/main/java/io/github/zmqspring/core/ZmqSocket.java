package io.github.zmqspring.core;

import java.time.Duration;

/**
 * A socket owned by the engine: callers on any thread send through it and, when it was opened with a
 * {@link MessageHandler}, the socket's run (on the engine's shared loop threads, one run at a time) delivers every
 * received message to that handler, in order.
 * <p>
 * Thread-safe. Messages sent from one thread are sent in the order of the calls. At the high water mark a send blocks
 * up to the spec's (or the given) send timeout, then fails with {@link ZmqSendTimeoutException}; PUB sockets never
 * block: a message a subscriber cannot take is dropped for that subscriber and counted in {@link SocketStats#dropped()}.
 */
public interface ZmqSocket extends ManagedSocket {

	/**
	 * Sends a message, blocking up to the spec's send timeout while the socket is at its high water mark.
	 * @param message the message
	 * @throws ZmqSendTimeoutException if the message could not be queued in time
	 * @throws ZmqClosedException if the socket is closed
	 * @throws UnsupportedOperationException if the socket type cannot send (SUB, PULL)
	 */
	void send(ZmqMessage message);

	/**
	 * Sends a message, blocking up to the given timeout while the socket is at its high water mark.
	 * @param message the message
	 * @param timeout how long to wait at most; zero fails at once
	 * @throws ZmqSendTimeoutException if the message could not be queued in time
	 * @throws ZmqClosedException if the socket is closed
	 */
	void send(ZmqMessage message, Duration timeout);

	/**
	 * Adds a subscription at runtime (SUB and XSUB only).
	 * @param prefix the byte prefix of the first frame; empty subscribes to everything
	 */
	void subscribe(byte[] prefix);

	/**
	 * Removes a subscription at runtime (SUB and XSUB only).
	 * @param prefix a prefix given earlier
	 */
	void unsubscribe(byte[] prefix);

	/**
	 * Connects to another endpoint at runtime.
	 * @param endpoint the endpoint
	 */
	void connect(String endpoint);

	/**
	 * Disconnects from an endpoint connected earlier.
	 * @param endpoint the endpoint
	 */
	void disconnect(String endpoint);

}
