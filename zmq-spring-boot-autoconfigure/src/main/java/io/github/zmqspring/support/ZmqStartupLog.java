package io.github.zmqspring.support;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.SocketType;

/**
 * The INFO line logged when a socket or a listener opens, with its actual endpoints (wildcard ports resolved), for
 * example {@code ZMQ listener 'orders' (PULL) bound tcp://127.0.0.1:53121} or
 * {@code ZMQ socket 'tasks' (PUSH) connected tcp://localhost:5557}.
 */
public final class ZmqStartupLog {

	private ZmqStartupLog() {
	}

	/**
	 * The line for a socket or a listener.
	 * @param kind what opened: {@code socket} or {@code listener}
	 * @param name the socket name or the listener id
	 * @param socketName the name of the listener's socket (shown when it differs from the name)
	 * @param type the socket type
	 * @param socket the open socket, or {@code null} when it is not known
	 * @return the line
	 */
	public static String line(String kind, String name, String socketName, SocketType type,
			@Nullable ManagedSocket socket) {
		StringBuilder line = new StringBuilder("ZMQ ").append(kind).append(" '").append(name).append("' (").append(type);
		if (!socketName.equals(name)) {
			line.append(", socket '").append(socketName).append('\'');
		}
		line.append(')');
		List<String> bound = (socket != null) ? socket.boundEndpoints() : List.of();
		List<String> connected = (socket != null) ? socket.connectedEndpoints() : List.of();
		if (!bound.isEmpty()) {
			line.append(" bound ").append(String.join(", ", bound));
		}
		if (!connected.isEmpty()) {
			line.append(bound.isEmpty() ? "" : ";").append(" connected ").append(String.join(", ", connected));
		}
		if (bound.isEmpty() && connected.isEmpty()) {
			line.append(" open, without endpoints");
		}
		return line.toString();
	}

}
