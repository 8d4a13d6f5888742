package io.github.zmqspring.boot.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import io.github.zmqspring.config.ZmqListenerEndpointRegistry;
import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketStats;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.listener.ZmqListenerContainer;
import io.github.zmqspring.support.ZmqLifecycle;
import io.github.zmqspring.support.ZmqSockets;

/**
 * The {@code zmq} actuator endpoint ({@code /actuator/zmq}): the engine, every socket (the declared ones, open or
 * not, and every other open socket of the engine) and every listener container, with type, state, bound endpoints
 * (wildcard ports resolved) and connected ones, connected peers (address, since when), counters, in-flight requests
 * of a requester and the last error. Operations:
 * <ul>
 * <li>{@code GET /actuator/zmq}: everything;</li>
 * <li>{@code GET /actuator/zmq/{name}}: one listener (by id) or, when no listener has that id, one socket;</li>
 * <li>{@code POST /actuator/zmq/{name}} with {@code {"action": "stop"}} (or {@code start}, {@code pause},
 * {@code resume}): stops or starts a listener container, or pauses and resumes it (its socket stays open and hands
 * nothing to the listener meanwhile, so ZeroMQ's high water marks push the peers back), and answers with its new
 * state.</li>
 * </ul>
 * Thread-safe.
 */
@Endpoint(id = "zmq")
public class ZmqEndpoint {

	private final ZmqInventory inventory;

	private final @Nullable ZmqListenerEndpointRegistry registry;

	private final ZmqPeerTracker peers;

	/**
	 * Creates the endpoint.
	 * @param engine the engine
	 * @param sockets the declared sockets, or {@code null} without them
	 * @param registry the listener containers, or {@code null} without listeners
	 * @param peers the peer tracker
	 */
	public ZmqEndpoint(ZmqEngine engine, @Nullable ZmqSockets sockets, @Nullable ZmqListenerEndpointRegistry registry,
			ZmqPeerTracker peers) {
		this.inventory = new ZmqInventory(Objects.requireNonNull(engine, "'engine' must not be null"), sockets,
				registry);
		this.registry = registry;
		this.peers = Objects.requireNonNull(peers, "'peers' must not be null");
	}

	/**
	 * Everything: the engine, the sockets by name and the listeners by id.
	 * @return the descriptor
	 */
	@ReadOperation
	public ZmqDescriptor zmq() {
		ZmqEngine engine = this.inventory.engine();
		Map<String, SocketDescriptor> sockets = new LinkedHashMap<>();
		this.inventory.sockets().forEach((key, view) -> sockets.put(key, socket(view)));
		Map<String, ListenerDescriptor> listeners = new LinkedHashMap<>();
		for (ZmqListenerContainer container : this.inventory.listeners()) {
			listeners.put(container.getListenerId(), listener(container));
		}
		return new ZmqDescriptor(new EngineDescriptor(engine.name(), engine.isClosed(), engine.ioFaults()), sockets,
				listeners);
	}

	/**
	 * One listener, or one socket when no listener has that id.
	 * @param name a listener id or a socket name
	 * @return the descriptor, or {@code null} (404) when nothing has that name
	 */
	@ReadOperation
	public @Nullable OperationResponseBody component(@Selector String name) {
		ZmqListenerContainer container = this.inventory.listener(name);
		if (container != null) {
			return listener(container);
		}
		ZmqInventory.SocketView view = this.inventory.sockets().get(name);
		return (view != null) ? socket(view) : null;
	}

	/**
	 * Stops, starts, pauses or resumes a listener container.
	 * @param name the listener id
	 * @param action {@code stop}, {@code start}, {@code pause} or {@code resume}
	 * @return the listener afterwards
	 * @throws InvalidEndpointRequestException (400) when no listener has that id or the action is unknown
	 */
	@WriteOperation
	public ListenerDescriptor listener(@Selector String name, String action) {
		ZmqListenerContainer container = this.inventory.listener(name);
		if (container == null || this.registry == null) {
			throw new InvalidEndpointRequestException("No listener '" + name + "': the listeners are "
					+ this.inventory.listeners().stream().map(ZmqListenerContainer::getListenerId).toList(),
					"No listener '" + name + "'");
		}
		switch (action.toLowerCase(Locale.ROOT)) {
			case "stop" -> this.registry.stopListenerContainer(name);
			case "pause" -> this.registry.pauseListenerContainer(name);
			case "resume" -> this.registry.resumeListenerContainer(name);
			case "start" -> {
				try {
					this.registry.startListenerContainer(name);
				}
				catch (RuntimeException ex) {
					// the container is FAILED and says why: the answer shows it
				}
			}
			default -> throw new InvalidEndpointRequestException("Unknown action '" + action + "' for listener '"
					+ name + "': use stop, start, pause or resume", "Unknown action '" + action + "'");
		}
		return listener(container);
	}

	private SocketDescriptor socket(ZmqInventory.SocketView view) {
		ManagedSocket socket = view.socket();
		boolean open = view.open();
		Integer inFlight = (socket instanceof ZmqRequester requester && open) ? requester.inFlight() : null;
		String error = view.error();
		return new SocketDescriptor(view.type().name(), view.state(), view.bound(), view.connected(), view.bind(),
				view.connect(), open ? this.peers.peers(view.name()) : List.of(),
				(socket != null) ? socket.stats() : null, inFlight, (socket != null && open) ? socket.queuedMessages() : null,
				(error != null) ? error : problem(this.peers.lastProblem(view.name())));
	}

	private ListenerDescriptor listener(ZmqListenerContainer container) {
		ZmqLifecycle.State state = container.getState();
		boolean started = state == ZmqLifecycle.State.STARTED;
		ZmqInventory.SocketView view = this.inventory.socketOf(container);
		ManagedSocket socket = container.getSocket();
		Throwable failure = container.getFailure();
		String error = (failure != null) ? ZmqSockets.describe(failure)
				: problem(this.peers.lastProblem(container.getSocketName()));
		return new ListenerDescriptor(container.getSocketName(), container.getSocketType().name(), state.name(),
				container.isPauseRequested(), container.isAutoStartup(), container.getConcurrency(),
				(started && view != null) ? view.bound() : List.of(),
				(started && view != null) ? view.connected() : List.of(),
				started ? this.peers.peers(container.getSocketName()) : List.of(),
				container.getConversionErrors(), container.getListenerErrors(),
				(started && socket != null) ? socket.stats() : null,
				(started && socket != null) ? socket.queuedMessages() : null, error);
	}

	private static @Nullable String problem(@Nullable SocketEvent event) {
		if (event == null) {
			return null;
		}
		String reason = event.reason().tagValue();
		return event.type().name().toLowerCase(Locale.ROOT) + ("none".equals(reason) ? "" : " (" + reason + ")")
				+ (event.endpoint().isEmpty() ? "" : " " + event.endpoint()) + " at " + event.timestamp();
	}

	/**
	 * The whole answer.
	 *
	 * @param engine the engine
	 * @param sockets the sockets by name
	 * @param listeners the listener containers by id
	 */
	public record ZmqDescriptor(EngineDescriptor engine, Map<String, SocketDescriptor> sockets,
			Map<String, ListenerDescriptor> listeners) implements OperationResponseBody {
	}

	/**
	 * The engine.
	 *
	 * @param name its name
	 * @param closed whether it is closed
	 * @param ioThreadExceptions failures its I/O threads reported
	 */
	public record EngineDescriptor(String name, boolean closed, long ioThreadExceptions) {
	}

	/**
	 * One socket.
	 *
	 * @param type the socket type
	 * @param state {@code NOT_OPENED} (declared, not needed yet), {@code STARTING}, {@code RUNNING},
	 * {@code CLOSING}, {@code CLOSED} or {@code FAILED}
	 * @param bound the endpoints it is bound to, wildcard ports resolved; empty unless open
	 * @param connected the endpoints it connects to; empty unless open
	 * @param bind the configured binds of a declared socket that is not open
	 * @param connect the configured connects of a declared socket that is not open
	 * @param peers the connected peers
	 * @param counters the socket's counters since it opened, or {@code null} when it never opened
	 * @param inFlightRequests requests waiting for their reply on a requester, else {@code null}
	 * @param queued the messages waiting in its queues now (to its peers and from them) while it is open, else
	 * {@code null}
	 * @param lastError why it failed, else its latest problem event (failed handshake, refused credentials, engine
	 * fault), or {@code null}
	 */
	public record SocketDescriptor(String type, String state, List<String> bound, List<String> connected,
			List<String> bind, List<String> connect, List<ZmqPeerTracker.Peer> peers, @Nullable SocketStats counters,
			@Nullable Integer inFlightRequests, @Nullable Integer queued, @Nullable String lastError)
			implements OperationResponseBody {
	}

	/**
	 * One listener container.
	 *
	 * @param socket the name of its socket
	 * @param type the socket type
	 * @param state the container's {@link ZmqLifecycle.State}
	 * @param paused whether a pause is requested (the socket hands nothing to the listener while it runs)
	 * @param autoStartup whether it starts with the application
	 * @param concurrency its handler threads
	 * @param bound the endpoints its socket is bound to while it runs, wildcard ports resolved
	 * @param connected the endpoints its socket connects to while it runs
	 * @param peers the connected peers while it runs
	 * @param conversionErrors messages that could not be converted, since the container was created
	 * @param listenerErrors listener method failures, since the container was created
	 * @param counters the socket's counters while it runs, else {@code null}
	 * @param queued the messages waiting in its socket's queues now while it runs, else {@code null}
	 * @param lastError why it failed, else the socket's latest problem event, or {@code null}
	 */
	public record ListenerDescriptor(String socket, String type, String state, boolean paused, boolean autoStartup,
			int concurrency, List<String> bound, List<String> connected, List<ZmqPeerTracker.Peer> peers, long conversionErrors,
			long listenerErrors, @Nullable SocketStats counters, @Nullable Integer queued, @Nullable String lastError)
			implements OperationResponseBody {
	}

}
