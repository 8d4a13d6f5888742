package io.github.zmqspring.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One event of a socket, delivered to {@link SocketEventListener}s.
 *
 * @param socketName the name of the socket the event belongs to
 * @param socketType the type of that socket
 * @param type what happened
 * @param endpoint the endpoint or peer address concerned (may be empty when unknown): {@code tcp://ip:port} for a
 * connection, the peer's IP address alone for a refusal by the authenticator (as ZAP names the peer)
 * @param value the event's value as libzmq defines it (an error code, a protocol code, a retry interval in ms,
 * or 0)
 * @param timestamp when the engine observed the event
 * @param reason why a handshake failed, the peer was refused or the connection was dropped; {@link SocketEventReason#NONE}
 * for every other event. Bounded, so it can be a meter tag, unlike the endpoint
 */
public record SocketEvent(String socketName, SocketType socketType, SocketEventType type, String endpoint, int value,
		Instant timestamp, SocketEventReason reason) {

	/**
	 * Validates the components.
	 * @param socketName the socket name
	 * @param socketType the socket type
	 * @param type the event type
	 * @param endpoint the endpoint
	 * @param value the value
	 * @param timestamp the timestamp
	 * @param reason the reason
	 */
	public SocketEvent {
		Objects.requireNonNull(socketName, "'socketName' must not be null");
		Objects.requireNonNull(socketType, "'socketType' must not be null");
		Objects.requireNonNull(type, "'type' must not be null");
		Objects.requireNonNull(endpoint, "'endpoint' must not be null");
		Objects.requireNonNull(timestamp, "'timestamp' must not be null");
		Objects.requireNonNull(reason, "'reason' must not be null");
	}

	/**
	 * Creates an event without a reason ({@link SocketEventReason#NONE}).
	 * @param socketName the socket name
	 * @param socketType the socket type
	 * @param type the event type
	 * @param endpoint the endpoint
	 * @param value the value
	 * @param timestamp the timestamp
	 */
	public SocketEvent(String socketName, SocketType socketType, SocketEventType type, String endpoint, int value,
			Instant timestamp) {
		this(socketName, socketType, type, endpoint, value, timestamp, SocketEventReason.NONE);
	}

}
