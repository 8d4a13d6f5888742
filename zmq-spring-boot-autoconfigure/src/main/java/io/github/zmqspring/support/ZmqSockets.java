package io.github.zmqspring.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqClosedException;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqException;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * The default {@link ZmqSocketRegistry}, and the one owner of the named sockets ({@code zmq.sockets.<name>}): the
 * template sends and requests on them, listeners forward to them ({@code @SendTo}) and receive from them.
 * <ul>
 * <li>At {@link #start()}: PUB and PUSH sockets are opened for sending and REQ sockets as {@link ZmqRequester}s, so
 * that their binds happen (and fail) at start-up and subscribers can connect early.</li>
 * <li>On first use: DEALER, ROUTER, PAIR, XPUB, XSUB and STREAM sockets are opened for sending by
 * {@link #sender(String)}, and a DEALER as a requester by {@link #requester(String)}; those types can also be
 * receiving sockets of a listener container, which opens them itself from {@link #spec(String)}.</li>
 * <li>SUB, PULL and REP sockets are never opened here: they receive, which is a listener's job.</li>
 * </ul>
 * A socket that cannot be opened at start fails the start ({@code failFast}) or is reported FAILED by
 * the {@code zmq} health contributor. Each socket opened here is logged at INFO with its actual endpoints
 * ({@code ZMQ socket 'feed' (PUB) bound tcp://0.0.0.0:5556}). {@link #stop()} closes the sockets opened here, each
 * delivering its queued messages within its linger; a stopped registry can be started again.
 * <p>
 * Lifecycle phase {@value #PHASE}: the sockets open before, and close after, the listener containers (which use a
 * higher phase) and the web server, so that a listener's {@code @SendTo} and in-flight web requests can still send
 * while they stop. The engine itself closes after every lifecycle bean stopped. Thread-safe.
 */
public class ZmqSockets implements ZmqSocketRegistry, SmartLifecycle {

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

	private final Map<String, Throwable> failures = new ConcurrentHashMap<>();

	private final ZmqLifecycle lifecycle = new ZmqLifecycle();

	/**
	 * Creates the registry; nothing is opened until {@link #start()} or first use.
	 * @param engine the engine the sockets are opened on
	 * @param specs the named socket specs, keyed by name
	 * @param failFast whether {@link #start()} fails when a socket cannot be opened
	 * @param metrics told about every socket opened here
	 */
	public ZmqSockets(ZmqEngine engine, Map<String, ZmqSocketSpec> specs, boolean failFast, ZmqMetrics metrics) {
		this.engine = Objects.requireNonNull(engine, "'engine' must not be null");
		this.specs = Collections.unmodifiableMap(new LinkedHashMap<>(specs));
		this.failFast = failFast;
		this.metrics = Objects.requireNonNull(metrics, "'metrics' must not be null");
	}

	@Override
	public Set<String> names() {
		return this.specs.keySet();
	}

	@Override
	public boolean contains(String name) {
		return this.specs.containsKey(name);
	}

	@Override
	public ZmqSocketSpec spec(String name) {
		ZmqSocketSpec spec = this.specs.get(name);
		if (spec == null) {
			throw new NoSuchZmqSocketException("No socket named '" + name + "': declare it under zmq.sockets." + name
					+ " (declared: " + new ArrayList<>(this.specs.keySet()) + ")", name, new ArrayList<>(this.specs.keySet()));
		}
		return spec;
	}

	@Override
	public ZmqSocket sender(String name) {
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

	@Override
	public ZmqRequester requester(String name) {
		ManagedSocket existing = this.opened.get(name);
		if (existing instanceof ZmqRequester requester) {
			return requester;
		}
		ZmqSocketSpec spec = spec(name);
		if (spec.type() != SocketType.REQ && spec.type() != SocketType.DEALER) {
			throw new IllegalArgumentException("Socket '" + name + "' is a " + spec.type() + " socket: requests go "
					+ "out on REQ or DEALER sockets (set zmq.sockets." + name + ".type to DEALER)");
		}
		if (existing == null) {
			existing = open(spec, true);
		}
		if (existing instanceof ZmqRequester requester) {
			return requester;
		}
		throw new IllegalStateException("Socket '" + name + "' is open for sending (used by send(...)); declare "
				+ "another DEALER socket under zmq.sockets for requests");
	}

	private synchronized ManagedSocket open(ZmqSocketSpec spec, boolean requester) {
		ManagedSocket existing = this.opened.get(spec.name());
		if (existing != null) {
			return existing;
		}
		ZmqLifecycle.State state = this.lifecycle.state();
		// before start (a template used while the context is built) sockets open too; after a stop, not until a start
		if (state == ZmqLifecycle.State.STOPPING || state == ZmqLifecycle.State.STOPPED) {
			throw new ZmqClosedException("Socket '" + spec.name() + "' is not available: the application context is "
					+ "stopping or stopped");
		}
		try {
			ManagedSocket socket = requester ? this.engine.requester(spec) : this.engine.open(spec);
			this.opened.put(spec.name(), socket);
			this.failures.remove(spec.name());
			this.metrics.socketOpened(socket);
			if (logger.isInfoEnabled()) {
				logger.info(ZmqStartupLog.line("socket", spec.name(), spec.name(), spec.type(), socket));
			}
			return socket;
		}
		catch (RuntimeException ex) {
			this.failures.put(spec.name(), ex);
			throw new ZmqException("zmq.sockets." + spec.name() + ": the " + spec.type() + " socket could not be opened"
					+ " (bind=" + spec.binds() + ", connect=" + spec.connects() + "): " + describe(ex), ex);
		}
	}

	@Override
	public void start() {
		this.lifecycle.start(this::openAtStart);
	}

	private void openAtStart() {
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
				logger.error("{} The socket is reported FAILED at /actuator/health/zmq/{}; set "
						+ "zmq.engine.fail-fast=true to fail start-up instead", ex.getMessage(), spec.name());
			}
		}
	}

	/**
	 * Closes every socket opened here, each delivering its queued messages within its linger; afterwards no socket
	 * opens until the next {@link #start()}.
	 */
	@Override
	public void stop() {
		this.lifecycle.stop(this::closeAll);
	}

	private void closeAll() {
		List<ManagedSocket> sockets;
		synchronized (this) {
			sockets = new ArrayList<>(this.opened.values());
			this.opened.clear();
		}
		for (ManagedSocket socket : sockets) {
			try {
				socket.close();
			}
			catch (RuntimeException ex) {
				logger.warn("Closing socket '{}' failed", socket.name(), ex);
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.lifecycle.isRunning();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * The engine the sockets open on.
	 * @return the engine
	 */
	public ZmqEngine engine() {
		return this.engine;
	}

	/**
	 * The declared specs, for health and the actuator endpoint.
	 * @return the specs, in declaration order
	 */
	public Collection<ZmqSocketSpec> specs() {
		return this.specs.values();
	}

	/**
	 * The socket of that name opened here (a sending socket or a requester); receiving sockets are opened by
	 * listener containers and are not listed here.
	 * @param name the socket name
	 * @return the open socket, or {@code null}
	 */
	public @Nullable ManagedSocket opened(String name) {
		return this.opened.get(name);
	}

	/**
	 * Why the socket of that name could not be opened here, until it opens.
	 * @param name the socket name
	 * @return the failure, or {@code null}
	 */
	public @Nullable Throwable failure(String name) {
		return this.failures.get(name);
	}

	/**
	 * A failure's message followed by those of its causes, for logs, health and the actuator endpoint.
	 * @param ex the failure
	 * @return the messages, separated by {@code "; "}
	 */
	public static String describe(Throwable ex) {
		StringBuilder text = new StringBuilder(String.valueOf(ex.getMessage()));
		Throwable cause = ex.getCause();
		while (cause != null && cause != ex) {
			text.append("; ").append(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
			ex = cause;
			cause = cause.getCause();
		}
		return text.toString();
	}

}
