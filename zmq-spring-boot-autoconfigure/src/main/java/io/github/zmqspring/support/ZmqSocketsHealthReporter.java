package io.github.zmqspring.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.SocketState;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * Reports the sockets to the {@code zmq} health indicator (group {@code sockets}): every named socket of
 * {@link ZmqSockets}, and every other open socket of the engine (listener, adapter and proxy sockets). A socket is
 * healthy unless it FAILED, at open or later. {@code bound} and {@code connected} list the endpoints a socket really
 * has; a declared socket that is not open (not needed yet, or failed to open) lists none there and shows its
 * configured endpoints under {@code bind} and {@code connect}. Thread-safe.
 */
public class ZmqSocketsHealthReporter implements ZmqHealthReporter {

	private final ZmqSockets sockets;

	/**
	 * Creates the reporter.
	 * @param sockets the named sockets
	 */
	public ZmqSocketsHealthReporter(ZmqSockets sockets) {
		this.sockets = Objects.requireNonNull(sockets, "'sockets' must not be null");
	}

	@Override
	public List<ZmqComponentHealth> health() {
		Map<String, ZmqComponentHealth> result = new LinkedHashMap<>();
		List<ManagedSocket> engineSockets = this.sockets.engine().sockets();
		Set<ManagedSocket> reported = Collections.newSetFromMap(new IdentityHashMap<>());
		for (ZmqSocketSpec spec : this.sockets.specs()) {
			ManagedSocket socket = this.sockets.opened(spec.name());
			if (socket == null) {
				// a listener container may have opened it from the spec
				socket = find(engineSockets, spec.name());
			}
			Throwable failure = this.sockets.failure(spec.name());
			if (socket != null) {
				reported.add(socket);
				result.put(spec.name(), health(spec.name(), socket));
			}
			else if (failure != null) {
				result.put(spec.name(), ZmqComponentHealth.down(spec.name(), ZmqSockets.describe(failure),
						notOpen(spec, SocketState.FAILED.name())));
			}
			else {
				result.put(spec.name(), ZmqComponentHealth.up(spec.name(), notOpen(spec, "NOT_OPENED")));
			}
		}
		for (ManagedSocket socket : engineSockets) {
			if (reported.contains(socket)) {
				continue;
			}
			String key = socket.name();
			for (int i = 2; result.containsKey(key); i++) {
				key = socket.name() + "#" + i;
			}
			result.put(key, health(key, socket));
		}
		return new ArrayList<>(result.values());
	}

	@Override
	public String group() {
		return "sockets";
	}

	private static @Nullable ManagedSocket find(List<ManagedSocket> sockets, String name) {
		for (ManagedSocket socket : sockets) {
			if (socket.name().equals(name)) {
				return socket;
			}
		}
		return null;
	}

	private static ZmqComponentHealth health(String key, ManagedSocket socket) {
		SocketState state = socket.state();
		Map<String, Object> details = details(socket.type(), state.name());
		details.put("bound", List.copyOf(socket.boundEndpoints()));
		details.put("connected", List.copyOf(socket.connectedEndpoints()));
		if (state == SocketState.FAILED) {
			Throwable failure = socket.failure();
			return ZmqComponentHealth.down(key, (failure != null) ? ZmqSockets.describe(failure) : "failed", details);
		}
		return ZmqComponentHealth.up(key, details);
	}

	/** A declared socket that is not open: nothing is bound or connected; what is configured is shown apart. */
	private static Map<String, Object> notOpen(ZmqSocketSpec spec, String state) {
		Map<String, Object> details = details(spec.type(), state);
		details.put("bound", List.of());
		details.put("connected", List.of());
		details.put("bind", List.copyOf(spec.binds()));
		details.put("connect", List.copyOf(spec.connects()));
		return details;
	}

	private static Map<String, Object> details(SocketType type, String state) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("type", type.name());
		details.put("state", state);
		return details;
	}

}
