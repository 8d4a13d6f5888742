package io.github.zmqspring.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.SocketState;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqClosedException;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqException;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * The named sockets of the application ({@code zmq.sockets.<name>}): their specs, and the sockets the template sends
 * and requests on.
 * <ul>
 * <li>At {@link #start()}: PUB and PUSH sockets are opened for sending and REQ sockets as {@link ZmqRequester}s, so
 * that their binds happen (and fail) at start-up and subscribers can connect early.</li>
 * <li>On first use: DEALER, ROUTER, PAIR, XPUB, XSUB and STREAM sockets are opened for sending by
 * {@link #sender(String)}, and a DEALER as a requester by {@link #requester(String)}; those types can also be
 * receiving sockets of a listener container, which opens them itself from {@link #spec(String)} (and may hand them
 * back with {@link #register(ZmqSocket)} so that the template sends through them).</li>
 * <li>SUB, PULL and REP sockets are never opened here: they receive, which is a listener's job.</li>
 * </ul>
 * A socket that cannot be opened at start fails the start ({@code failFast}) or is reported FAILED by
 * {@link #health()} (the {@code zmq} health indicator). {@link #stop()} closes the sockets opened here, each
 * delivering its queued messages within its linger.
 * <p>
 * Lifecycle phase {@value #PHASE}: the sockets open before, and close after, the listener containers (which use a
 * higher phase) and the web server, so that a listener's {@code @SendTo} and in-flight web requests can still send
 * while they stop. The engine itself closes after every lifecycle bean stopped. Thread-safe.
 */
public class ZmqSockets implements SmartLifecycle, ZmqHealthReporter {

	/** The lifecycle phase: earlier than listener containers and the web server. */
	public static final int PHASE = Integer.MAX_VALUE - 4096;

	private static final Logger logger = LoggerFactory.getLogger(ZmqSockets.class);

	private static final Set<SocketType> OPENED_AT_START = Set.of(SocketType.PUB, SocketType.PUSH, SocketType.REQ);

	private static final Set<SocketType> RECEIVE_ONLY = Set.of(SocketType.SUB, SocketType.PULL, SocketType.REP);

	private final ZmqEngine engine;

	private final Map<String, ZmqSocketSpec> specs;

	private final boolean failFast;

	private final ZmqMetrics metrics;

	private final Map<String, ManagedSocket> opened = new ConcurrentHashMap<>();

	private final Map<String, ZmqSocket> registered = new ConcurrentHashMap<>();

	private final Map<String, Throwable> failures = new ConcurrentHashMap<>();

	private final Object lifecycleMonitor = new Object();

	private volatile boolean running;

	private volatile boolean stopped;

	/**
	 * Creates the registry; nothing is opened until {@link #start()} or first use.
	 * @param engine the engine the sockets are opened on
	 * @param specs the named socket specs, keyed by name
	 * @param failFast whether {@link #start()} fails when a socket cannot be opened
	 * @param metrics told about every socket opened here
	 */
	public ZmqSockets(ZmqEngine engine, Map<String, ZmqSocketSpec> specs, boolean failFast, ZmqMetrics metrics) {
		this.engine = Objects.requireNonNull(engine, "'engine' must not be null");
		this.specs = Map.copyOf(new LinkedHashMap<>(specs));
		this.failFast = failFast;
		this.metrics = Objects.requireNonNull(metrics, "'metrics' must not be null");
	}

	/**
	 * The names of the declared sockets.
	 * @return the names
	 */
	public Set<String> names() {
		return this.specs.keySet();
	}

	/**
	 * Whether a socket with this name is declared.
	 * @param name the name
	 * @return {@code true} when {@code zmq.sockets.<name>} exists
	 */
	public boolean contains(String name) {
		return this.specs.containsKey(name);
	}

	/**
	 * The spec of a declared socket (defaults, its own options and the customizers applied).
	 * @param name the socket name
	 * @return the spec
	 * @throws IllegalArgumentException when no socket has that name
	 */
	public ZmqSocketSpec spec(String name) {
		ZmqSocketSpec spec = this.specs.get(name);
		if (spec == null) {
			throw new IllegalArgumentException("No socket named '" + name + "': declare it under zmq.sockets." + name
					+ " (declared: " + new ArrayList<>(this.specs.keySet()) + ")");
		}
		return spec;
	}

	/**
	 * The socket to send on, opened on first use.
	 * @param name a declared (or {@linkplain #register(ZmqSocket) registered}) socket
	 * @return the open socket
	 * @throws IllegalArgumentException when the name is unknown or its type cannot be sent on by the template
	 * @throws IllegalStateException when the socket is open as a requester
	 * @throws ZmqException when it cannot be opened
	 */
	public ZmqSocket sender(String name) {
		ZmqSocket socket = this.registered.get(name);
		if (socket != null) {
			return socket;
		}
		ManagedSocket existing = this.opened.get(name);
		if (existing == null) {
			ZmqSocketSpec spec = spec(name);
			if (spec.type() == SocketType.REQ) {
				throw new IllegalArgumentException("Socket '" + name + "' is a REQ socket: use request(...) on it, not "
						+ "send(...)");
			}
			if (RECEIVE_ONLY.contains(spec.type())) {
				throw new IllegalArgumentException("Socket '" + name + "' is a " + spec.type() + " socket, which cannot "
						+ "send; receive from it with @ZmqListener, and send on a PUB, PUSH, PAIR, DEALER or ROUTER socket");
			}
			existing = open(spec, false);
		}
		if (existing instanceof ZmqSocket sendable) {
			return sendable;
		}
		throw new IllegalStateException("Socket '" + name + "' is open as a requester (used by request(...)); declare "
				+ "another DEALER socket under zmq.sockets to send raw messages");
	}

	/**
	 * The requester of a REQ or DEALER socket, opened on first use.
	 * @param name a declared REQ or DEALER socket
	 * @return the requester
	 * @throws IllegalArgumentException when the name is unknown or not REQ/DEALER
	 * @throws IllegalStateException when the DEALER is already open for sending
	 * @throws ZmqException when it cannot be opened
	 */
	public ZmqRequester requester(String name) {
		ManagedSocket existing = this.opened.get(name);
		if (existing == null) {
			ZmqSocketSpec spec = spec(name);
			if (spec.type() != SocketType.REQ && spec.type() != SocketType.DEALER) {
				throw new IllegalArgumentException("Socket '" + name + "' is a " + spec.type() + " socket: requests go "
						+ "out on REQ or DEALER sockets (set zmq.sockets." + name + ".type to DEALER)");
			}
			existing = open(spec, true);
		}
		if (existing instanceof ZmqRequester requester) {
			return requester;
		}
		throw new IllegalStateException("Socket '" + name + "' is open for sending (used by send(...)); declare "
				+ "another DEALER socket under zmq.sockets for requests");
	}

	/**
	 * Hands over a socket opened elsewhere (for example the receiving socket of a listener container, from
	 * {@link #spec(String)}) so that {@link #sender(String)} returns it. Its owner keeps closing it.
	 * @param socket the open socket
	 * @throws IllegalStateException when a socket with that name is already open here
	 */
	public void register(ZmqSocket socket) {
		Objects.requireNonNull(socket, "'socket' must not be null");
		if (this.opened.containsKey(socket.name())) {
			throw new IllegalStateException("Socket '" + socket.name() + "' is already open for the template");
		}
		this.registered.put(socket.name(), socket);
		this.metrics.socketOpened(socket);
	}

	/**
	 * Removes a socket handed over with {@link #register(ZmqSocket)}.
	 * @param socket the socket
	 */
	public void unregister(ZmqSocket socket) {
		this.registered.remove(socket.name(), socket);
	}

	private synchronized ManagedSocket open(ZmqSocketSpec spec, boolean requester) {
		ManagedSocket existing = this.opened.get(spec.name());
		if (existing != null) {
			return existing;
		}
		if (this.stopped) {
			throw new ZmqClosedException("Socket '" + spec.name() + "' is not available: the application context is "
					+ "stopping or stopped");
		}
		try {
			ManagedSocket socket = requester ? this.engine.requester(spec) : this.engine.open(spec);
			this.opened.put(spec.name(), socket);
			this.failures.remove(spec.name());
			this.metrics.socketOpened(socket);
			logger.debug("Opened {}", socket);
			return socket;
		}
		catch (RuntimeException ex) {
			this.failures.put(spec.name(), ex);
			throw new ZmqException("zmq.sockets." + spec.name() + ": the " + spec.type() + " socket could not be opened"
					+ " (bind=" + spec.binds() + ", connect=" + spec.connects() + "): " + describe(ex), ex);
		}
	}

	private static String describe(Throwable ex) {
		StringBuilder text = new StringBuilder(String.valueOf(ex.getMessage()));
		Throwable cause = ex.getCause();
		while (cause != null && cause != ex) {
			text.append("; ").append(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
			ex = cause;
			cause = cause.getCause();
		}
		return text.toString();
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			this.stopped = false;
			for (ZmqSocketSpec spec : this.specs.values()) {
				if (!OPENED_AT_START.contains(spec.type())) {
					continue;
				}
				try {
					open(spec, spec.type() == SocketType.REQ);
				}
				catch (ZmqException ex) {
					if (this.failFast) {
						throw ex;
					}
					logger.error("{} The socket is reported FAILED by the 'zmq' health indicator; set "
							+ "zmq.engine.fail-fast=true to fail start-up instead", ex.getMessage());
				}
			}
			this.running = true;
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			synchronized (this) {
				this.stopped = true;
			}
			for (ManagedSocket socket : this.opened.values()) {
				try {
					socket.close();
				}
				catch (RuntimeException ex) {
					logger.warn("Closing socket '{}' failed", socket.name(), ex);
				}
			}
			this.opened.clear();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Reports every declared socket and every other open socket of the engine: healthy unless it FAILED (at open or
	 * later).
	 * @return one entry per socket
	 */
	@Override
	public List<ZmqComponentHealth> health() {
		Map<String, ZmqComponentHealth> result = new LinkedHashMap<>();
		List<ManagedSocket> engineSockets = this.engine.sockets();
		Set<ManagedSocket> reported = Collections.newSetFromMap(new IdentityHashMap<>());
		for (ZmqSocketSpec spec : this.specs.values()) {
			ManagedSocket socket = this.opened.get(spec.name());
			if (socket == null) {
				socket = this.registered.get(spec.name());
			}
			if (socket == null) {
				socket = find(engineSockets, spec.name());
			}
			Throwable failure = this.failures.get(spec.name());
			if (socket != null) {
				reported.add(socket);
				result.put(spec.name(), health(spec.name(), socket));
			}
			else if (failure != null) {
				result.put(spec.name(), ZmqComponentHealth.down(spec.name(), describe(failure),
						details(spec.type(), SocketState.FAILED, spec.binds(), spec.connects())));
			}
			else {
				Map<String, Object> details = details(spec.type(), null, spec.binds(), spec.connects());
				details.put("state", "NOT_OPENED");
				result.put(spec.name(), ZmqComponentHealth.up(spec.name(), details));
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
		Map<String, Object> details = details(socket.type(), state, socket.boundEndpoints(), socket.connectedEndpoints());
		if (state == SocketState.FAILED) {
			Throwable failure = socket.failure();
			return ZmqComponentHealth.down(key, (failure != null) ? describe(failure) : "failed", details);
		}
		return ZmqComponentHealth.up(key, details);
	}

	private static Map<String, Object> details(SocketType type, @Nullable SocketState state, List<String> bound,
			List<String> connected) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("type", type.name());
		if (state != null) {
			details.put("state", state.name());
		}
		details.put("bound", List.copyOf(bound));
		details.put("connected", List.copyOf(connected));
		return details;
	}

}
