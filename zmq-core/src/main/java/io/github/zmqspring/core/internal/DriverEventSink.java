package io.github.zmqspring.core.internal;

import io.github.zmqspring.core.SocketEventReason;
import io.github.zmqspring.core.SocketEventType;

/**
 * Receives a driver socket's events, on I/O threads. Implementations only queue the event.
 */
@FunctionalInterface
public interface DriverEventSink {

	/**
	 * Reports an event.
	 * @param type the event type
	 * @param endpoint the endpoint or address concerned
	 * @param value the event value (an error or protocol code, a retry interval, or 0)
	 * @param reason why a handshake failed or a peer was refused or dropped, {@link SocketEventReason#NONE} otherwise
	 */
	void onEvent(SocketEventType type, String endpoint, int value, SocketEventReason reason);

	/**
	 * Reports an event without a reason.
	 * @param type the event type
	 * @param endpoint the endpoint or address concerned
	 * @param value the event value (an error or protocol code, a retry interval, or 0)
	 */
	default void onEvent(SocketEventType type, String endpoint, int value) {
		onEvent(type, endpoint, value, SocketEventReason.NONE);
	}

}
