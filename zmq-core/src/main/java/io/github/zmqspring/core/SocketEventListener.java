package io.github.zmqspring.core;

/**
 * Receives socket events. Called on the socket's owner thread: implementations must be quick, must not block and
 * must not send on the same socket synchronously. An exception thrown here is logged and otherwise ignored.
 */
@FunctionalInterface
public interface SocketEventListener {

	/**
	 * Called for each event.
	 * @param event the event
	 */
	void onEvent(SocketEvent event);

}
