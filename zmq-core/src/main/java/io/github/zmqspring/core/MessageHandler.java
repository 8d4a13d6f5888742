package io.github.zmqspring.core;

/**
 * Handles each message a receiving socket gets. Called in the socket's run (one of the engine's loop threads) when the receiver's concurrency is
 * 1 (messages arrive one at a time, in order), or on one of the receiver's worker threads otherwise.
 * <p>
 * An exception thrown here is logged with the socket name and a frame dump, counted in
 * {@link SocketStats#handlerErrors()}, and the socket goes on receiving.
 */
@FunctionalInterface
public interface MessageHandler {

	/**
	 * Handles one message.
	 * @param message the message, all frames
	 * @throws Exception any failure: it is reported, never fatal to the socket
	 */
	void onMessage(ZmqMessage message) throws Exception;

}
