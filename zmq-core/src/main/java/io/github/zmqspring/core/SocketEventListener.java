package io.github.zmqspring.core;

/**
 * Receives socket events. Called on the thread running the socket's work (one of the engine's loop threads,
 * or its timer thread for a send-only socket), one event at a time per socket: implementations must be quick, must not block and
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
