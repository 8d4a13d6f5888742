package io.github.zmqspring.boot.actuate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventListener;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.ZmqEngine;

/**
 * Keeps, per socket name, the latest problem event and the peers whose ZMTP handshake completed and that have not
 * disconnected since, from the engine's socket events ({@link SocketEventType#HANDSHAKE_SUCCEEDED},
 * {@link SocketEventType#DISCONNECTED}): the peer's address ({@code tcp://ip:port} of the remote end; for inproc, the
 * endpoint) and since when; connections with one address are one entry, of the latest handshake. Peers connected
 * before the tracker was created are not known; the auto-configuration creates it with the other singletons, before
 * any socket opens. The engine reports no disconnection for the connections a closing socket drops: a bind
 * ({@link SocketEventType#LISTENING}) of a socket re-opened under the name clears them, and callers show peers only
 * for open sockets. Stops listening when destroyed. Thread-safe; the event callback only updates a map.
 */
public class ZmqPeerTracker implements DisposableBean {

	private final ZmqEngine engine;

	// not a SocketEventListener bean itself, which the engine bean would collect while it is being created
	private final SocketEventListener listener = this::onEvent;

	private static final Set<SocketEventType> PROBLEMS = EnumSet.of(SocketEventType.BIND_FAILED,
			SocketEventType.ACCEPT_FAILED, SocketEventType.CLOSE_FAILED, SocketEventType.HANDSHAKE_FAILED,
			SocketEventType.AUTH_FAILED, SocketEventType.ENGINE_FAULT);

	private final Map<String, Map<String, Peer>> peers = new ConcurrentHashMap<>();

	private final Map<String, SocketEvent> lastProblems = new ConcurrentHashMap<>();

	/**
	 * Creates the tracker and starts listening to the engine's socket events.
	 * @param engine the engine
	 */
	public ZmqPeerTracker(ZmqEngine engine) {
		this.engine = Objects.requireNonNull(engine, "'engine' must not be null");
		engine.addEventListener(this.listener);
	}

	private void onEvent(SocketEvent event) {
		if (event.type() == SocketEventType.HANDSHAKE_SUCCEEDED) {
			this.peers.computeIfAbsent(event.socketName(), (name) -> new ConcurrentHashMap<>())
				.put(event.endpoint(), new Peer(event.endpoint(), event.timestamp()));
		}
		else if (event.type() == SocketEventType.DISCONNECTED) {
			Map<String, Peer> bySocket = this.peers.get(event.socketName());
			if (bySocket != null) {
				bySocket.remove(event.endpoint());
			}
		}
		else if (event.type() == SocketEventType.LISTENING) {
			// a bind happens when a socket opens: what a closed socket of that name had accepted is gone (the engine
			// reports no disconnection for the connections it closes with a socket)
			this.peers.remove(event.socketName());
		}
		else if (PROBLEMS.contains(event.type())) {
			this.lastProblems.put(event.socketName(), event);
		}
	}

	/**
	 * The latest problem event of the sockets of that name: a failed bind, accept or close, a failed handshake or
	 * authentication, an engine fault.
	 * @param socketName the socket name
	 * @return the event, or {@code null} when there was none
	 */
	public @Nullable SocketEvent lastProblem(String socketName) {
		return this.lastProblems.get(socketName);
	}

	/**
	 * The connected peers of the sockets of that name, oldest first.
	 * @param socketName the socket name
	 * @return the peers, empty when none is connected
	 */
	public List<Peer> peers(String socketName) {
		Map<String, Peer> bySocket = this.peers.get(socketName);
		if (bySocket == null) {
			return List.of();
		}
		List<Peer> peers = new ArrayList<>(bySocket.values());
		peers.sort(Comparator.comparing(Peer::since));
		return peers;
	}

	/**
	 * Forgets the peers of a socket name, for a socket that closed without reporting its disconnections.
	 * @param socketName the socket name
	 */
	public void forget(String socketName) {
		this.peers.remove(socketName);
	}

	@Override
	public void destroy() {
		this.engine.removeEventListener(this.listener);
	}

	/**
	 * A connected peer.
	 *
	 * @param address the peer's address as the engine reports it: {@code tcp://ip:port} of the remote end (for a
	 * connecting socket, the server it connects to)
	 * @param since when its current connection completed the ZMTP handshake
	 */
	public record Peer(String address, Instant since) {

	}

}
