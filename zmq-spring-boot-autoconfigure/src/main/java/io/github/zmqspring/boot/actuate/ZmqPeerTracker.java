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
 * Keeps, per socket name, the latest problem event and the peers whose ZMTP handshake completed and that have not disconnected since, from the
 * engine's socket events ({@link SocketEventType#HANDSHAKE_SUCCEEDED}, {@link SocketEventType#DISCONNECTED}): the
 * peer's address ({@code tcp://ip:port} of the remote end; for inproc, the endpoint) and since when. Peers connected
 * before the tracker was created are not known; the auto-configuration creates it with the other singletons, before
 * any socket opens. Stops listening when destroyed. Thread-safe; the event callback only updates a map.
 */
public class ZmqPeerTracker implements SocketEventListener, DisposableBean {

	private final ZmqEngine engine;

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
		engine.addEventListener(this);
	}

	@Override
	public void onEvent(SocketEvent event) {
		if (event.type() == SocketEventType.HANDSHAKE_SUCCEEDED) {
			this.peers.computeIfAbsent(event.socketName(), (name) -> new ConcurrentHashMap<>())
				.merge(event.endpoint(), new Peer(event.endpoint(), event.timestamp(), 1), Peer::plus);
		}
		else if (event.type() == SocketEventType.DISCONNECTED) {
			Map<String, Peer> bySocket = this.peers.get(event.socketName());
			if (bySocket != null) {
				bySocket.computeIfPresent(event.endpoint(), (address, peer) -> peer.minusOne());
			}
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
		this.engine.removeEventListener(this);
	}

	/**
	 * A connected peer.
	 *
	 * @param address the peer's address as the engine reports it ({@code tcp://ip:port})
	 * @param since when the first of its current connections completed its handshake
	 * @param connections how many connections of sockets of this name have that address (several REQ sockets of a
	 * pool connected to one server, for example)
	 */
	public record Peer(String address, Instant since, int connections) {

		Peer plus(Peer other) {
			return new Peer(this.address, this.since.isBefore(other.since) ? this.since : other.since,
					this.connections + other.connections);
		}

		/** @return the peer with one connection fewer, or {@code null} (removed) for its last one */
		@Nullable Peer minusOne() {
			return (this.connections > 1) ? new Peer(this.address, this.since, this.connections - 1) : null;
		}

	}

}
