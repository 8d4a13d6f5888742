package io.github.zmqspring.boot.actuate;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.config.ZmqListenerEndpointRegistry;
import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.SocketState;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.listener.ZmqListenerContainer;
import io.github.zmqspring.support.ZmqSockets;

/**
 * What the health contributor and the endpoint report, looked up afresh on every call: the declared sockets
 * ({@code zmq.sockets}), every other socket of the engine (listener, adapter and proxy sockets), and the listener
 * containers. Thread-safe; no I/O.
 */
final class ZmqInventory {

	private final ZmqEngine engine;

	private final @Nullable ZmqSockets sockets;

	private final @Nullable ZmqListenerEndpointRegistry registry;

	ZmqInventory(ZmqEngine engine, @Nullable ZmqSockets sockets, @Nullable ZmqListenerEndpointRegistry registry) {
		this.engine = engine;
		this.sockets = sockets;
		this.registry = registry;
	}

	ZmqEngine engine() {
		return this.engine;
	}

	/** @return the listener containers, in registration order */
	Collection<ZmqListenerContainer> listeners() {
		return (this.registry != null) ? this.registry.getListenerContainers() : List.of();
	}

	/** @return the container with that id, or {@code null} */
	@Nullable ZmqListenerContainer listener(String id) {
		return (this.registry != null) ? this.registry.getListenerContainer(id) : null;
	}

	/**
	 * Every socket, keyed by name: the declared ones first (open or not), then the other open sockets of the engine;
	 * a name that two open sockets share gets {@code -2}, {@code -3}, ... on the later ones.
	 * @return the sockets
	 */
	Map<String, SocketView> sockets() {
		Map<String, SocketView> result = new LinkedHashMap<>();
		List<ManagedSocket> engineSockets = this.engine.sockets();
		Set<ManagedSocket> reported = Collections.newSetFromMap(new IdentityHashMap<>());
		if (this.sockets != null) {
			for (ZmqSocketSpec spec : this.sockets.specs()) {
				ManagedSocket socket = this.sockets.opened(spec.name());
				if (socket == null) {
					// a listener container opens a receiving socket from the spec itself
					socket = find(engineSockets, spec.name());
				}
				if (socket != null) {
					reported.add(socket);
				}
				Throwable failure = (socket != null) ? socket.failure() : this.sockets.failure(spec.name());
				result.put(spec.name(), SocketView.of(spec.name(), spec, socket, failure));
			}
		}
		for (ManagedSocket socket : engineSockets) {
			if (reported.add(socket)) {
				result.put(uniqueKey(result.keySet(), socket.name()), SocketView.of(socket.name(), null, socket,
						socket.failure()));
			}
		}
		return result;
	}

	/**
	 * The listener's socket, as {@link #sockets()} shows it when the container is started or the socket is declared.
	 * @param container the container
	 * @return the view, or {@code null} when nothing is known of the socket
	 */
	@Nullable SocketView socketOf(ZmqListenerContainer container) {
		ManagedSocket socket = container.getSocket();
		ZmqSocketSpec spec = null;
		if (this.sockets != null && this.sockets.contains(container.getSocketName())) {
			spec = this.sockets.spec(container.getSocketName());
		}
		if (socket == null && spec == null) {
			return null;
		}
		return SocketView.of(container.getSocketName(), spec, socket, (socket != null) ? socket.failure() : null);
	}

	static String uniqueKey(Set<String> taken, String name) {
		String key = name;
		for (int i = 2; taken.contains(key); i++) {
			key = name + "-" + i;
		}
		return key;
	}

	private static @Nullable ManagedSocket find(List<ManagedSocket> sockets, String name) {
		for (ManagedSocket socket : sockets) {
			if (socket.name().equals(name)) {
				return socket;
			}
		}
		return null;
	}

	/**
	 * One socket as operations see it.
	 *
	 * @param name the socket's name
	 * @param type its type
	 * @param state {@code NOT_OPENED} for a declared socket that is not open (not needed yet, or it failed to open:
	 * then {@code FAILED}), else the {@link SocketState} of the open socket
	 * @param bound the endpoints it is really bound to (wildcard ports resolved); empty unless it is open
	 * @param connected the endpoints it really connects to; empty unless it is open
	 * @param bind the configured binds when the socket is declared and not open, else empty
	 * @param connect the configured connects when the socket is declared and not open, else empty
	 * @param socket the open socket, or {@code null}
	 * @param failure why it failed, or {@code null}
	 */
	record SocketView(String name, SocketType type, String state, List<String> bound, List<String> connected,
			List<String> bind, List<String> connect, @Nullable ManagedSocket socket, @Nullable Throwable failure) {

		static SocketView of(String name, @Nullable ZmqSocketSpec spec, @Nullable ManagedSocket socket,
				@Nullable Throwable failure) {
			SocketType type = (socket != null) ? socket.type() : spec.type();
			SocketState socketState = (socket != null) ? socket.state() : null;
			boolean live = socketState == SocketState.STARTING || socketState == SocketState.RUNNING
					|| socketState == SocketState.CLOSING;
			String state = (socketState != null) ? socketState.name()
					: (failure != null) ? SocketState.FAILED.name() : "NOT_OPENED";
			// a failed or closed socket is bound to nothing: what it was asked to do is shown apart
			List<String> bound = live ? List.copyOf(socket.boundEndpoints()) : List.of();
			List<String> connected = live ? List.copyOf(socket.connectedEndpoints()) : List.of();
			List<String> bind = (!live && spec != null) ? List.copyOf(spec.binds()) : List.of();
			List<String> connect = (!live && spec != null) ? List.copyOf(spec.connects()) : List.of();
			return new SocketView(name, type, state, bound, connected, bind, connect, socket, failure);
		}

		boolean open() {
			return this.state.equals(SocketState.STARTING.name()) || this.state.equals(SocketState.RUNNING.name())
					|| this.state.equals(SocketState.CLOSING.name());
		}

		boolean failed() {
			return SocketState.FAILED.name().equals(this.state);
		}

		@Nullable String error() {
			return (this.failure != null) ? ZmqSockets.describe(this.failure) : failed() ? "failed" : null;
		}

		Map<String, Object> details() {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("type", this.type.name());
			details.put("state", this.state);
			details.put("bound", this.bound);
			details.put("connected", this.connected);
			if (!this.bind.isEmpty() || !this.connect.isEmpty()) {
				details.put("bind", this.bind);
				details.put("connect", this.connect);
			}
			return details;
		}

	}

}
