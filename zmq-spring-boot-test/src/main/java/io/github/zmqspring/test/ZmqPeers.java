package io.github.zmqspring.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventListener;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * In-JVM ZeroMQ peers for an application's tests, on this project's engine: repliers that answer and record requests,
 * subscribers and pullers that record what they receive, publishers and pushers that feed, requesters, and
 * {@link TcpFaultProxy fault-injecting proxies}. Each kind starts with a builder:
 * <pre class="code">
 * &#64;RegisterExtension
 * static final ZmqPeers peers = ZmqPeers.create();
 *
 * ReplierPeer server = peers.replier().answerText((request) -&gt; "World").open();   // binds tcp://127.0.0.1:*
 * ReceiverPeer weather = peers.subscriber("10001 ").connect("tcp://127.0.0.1:" + port).open();
 * List&lt;PeerMessage&gt; updates = weather.awaitMessages(5, Duration.ofSeconds(10));
 * </pre>
 * <p>
 * <b>Closing.</b> {@link #close()} closes every peer and proxy, then the engine when this instance created it. As a
 * JUnit 5 extension ({@code @RegisterExtension}) it closes them for you: registered on a {@code static} field, what a
 * test method (or its {@code @BeforeEach}) opened is closed after that test and everything else after the class; on
 * an instance field, everything is closed after each test.
 * <p>
 * <b>Engine.</b> {@link #create()} uses an engine of its own (tcp and ipc reach the application's sockets);
 * {@link #using(ZmqEngine)} opens the peers on another engine, typically the application's {@code ZmqEngine} bean,
 * which {@code inproc://} endpoints need, and leaves that engine open.
 * <p>
 * <b>Waiting.</b> Every wait has a deadline ({@link #defaultTimeout()}, 10 s unless set) and fails with an
 * {@link AssertionError} saying what was expected and what arrived; nothing sleeps. Thread-safe.
 */
public final class ZmqPeers implements AutoCloseable, BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
		AfterAllCallback {

	/** The default deadline of the waits: 10 seconds. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private static final Logger logger = LoggerFactory.getLogger(ZmqPeers.class);

	/** Numbers generated socket names across instances, which may share an engine. */
	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private final ZmqEngine engine;

	private final boolean ownsEngine;

	private final SocketEventListener eventRouter = this::route;

	/** The connections of each open peer, by socket name, registered before its socket opens. */
	private final Map<String, PeerConnections> connections = new ConcurrentHashMap<>();

	/** Open peers and proxies that live until the end of the class (or {@link #close()}). */
	private final Set<AutoCloseable> classScoped = Collections.synchronizedSet(new LinkedHashSet<>());

	/** Open peers and proxies opened while a test method runs, closed after it. */
	private final Set<AutoCloseable> methodScoped = Collections.synchronizedSet(new LinkedHashSet<>());

	private final Object scopeMonitor = new Object();

	private int classDepth;

	private boolean inTest;

	private volatile boolean closed;

	private volatile Duration defaultTimeout = DEFAULT_TIMEOUT;

	private ZmqPeers(ZmqEngine engine, boolean ownsEngine) {
		this.engine = engine;
		this.ownsEngine = ownsEngine;
		engine.addEventListener(this.eventRouter);
	}

	/**
	 * Peers on an engine of their own, closed with them.
	 * @return the peers
	 */
	public static ZmqPeers create() {
		return new ZmqPeers(ZmqEngine.builder().name("test-peers").closeTimeout(Duration.ofSeconds(10)).build(), true);
	}

	/**
	 * Peers on the given engine (the application's, for {@code inproc://}); the engine is left open by
	 * {@link #close()}.
	 * @param engine the engine
	 * @return the peers
	 */
	public static ZmqPeers using(ZmqEngine engine) {
		return new ZmqPeers(Objects.requireNonNull(engine, "'engine' must not be null"), false);
	}

	/**
	 * Sets the deadline of the waits that take none.
	 * @param timeout a positive duration (default {@link #DEFAULT_TIMEOUT})
	 * @return this instance
	 */
	public ZmqPeers defaultTimeout(Duration timeout) {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("The default timeout '" + timeout + "' must be positive");
		}
		this.defaultTimeout = timeout;
		return this;
	}

	/**
	 * The deadline of the waits that take none.
	 * @return the timeout
	 */
	public Duration defaultTimeout() {
		return this.defaultTimeout;
	}

	/**
	 * A REP peer that answers requests (default: echoes them) and records them.
	 * @return the builder
	 */
	public ReplierPeer.Builder replier() {
		return new ReplierPeer.Builder(this, SocketType.REP);
	}

	/**
	 * A ROUTER peer that answers requests (REQ clients and DEALER clients with or without the empty delimiter) and
	 * records them.
	 * @return the builder
	 */
	public ReplierPeer.Builder router() {
		return new ReplierPeer.Builder(this, SocketType.ROUTER);
	}

	/**
	 * A SUB peer that records what it receives.
	 * @param topics the subscriptions (byte prefixes, as UTF-8); none subscribes to everything
	 * @return the builder
	 */
	public ReceiverPeer.Builder subscriber(String... topics) {
		return new ReceiverPeer.Builder(this, SocketType.SUB, topics);
	}

	/**
	 * A PULL peer that records what it receives.
	 * @return the builder
	 */
	public ReceiverPeer.Builder puller() {
		return new ReceiverPeer.Builder(this, SocketType.PULL);
	}

	/**
	 * A PUB peer whose first publish waits for a subscription.
	 * @return the builder
	 */
	public PublisherPeer.Builder publisher() {
		return new PublisherPeer.Builder(this);
	}

	/**
	 * A PUSH peer whose first send waits for a connected peer.
	 * @return the builder
	 */
	public SenderPeer.Builder pusher() {
		return new SenderPeer.Builder(this);
	}

	/**
	 * A REQ peer that sends requests and returns the replies (libzmq's REQ on the wire).
	 * @return the builder
	 */
	public RequesterPeer.Builder requester() {
		return new RequesterPeer.Builder(this, SocketType.REQ);
	}

	/**
	 * A DEALER peer that sends requests ({@code [request id][""][body]}, many in flight) and returns the replies.
	 * @return the builder
	 */
	public RequesterPeer.Builder dealer() {
		return new RequesterPeer.Builder(this, SocketType.DEALER);
	}

	/**
	 * Starts a fault-injecting TCP proxy to a target endpoint, closed with these peers.
	 * @param target the endpoint to forward to, for example a peer's {@link ZmqPeer#endpoint()}
	 * @return the running proxy
	 * @see TcpFaultProxy#start(String)
	 */
	public TcpFaultProxy faultProxy(String target) {
		checkOpen();
		TcpFaultProxy proxy = TcpFaultProxy.start(target);
		track(proxy);
		return proxy;
	}

	/**
	 * The engine the peers run on.
	 * @return the engine
	 */
	public ZmqEngine engine() {
		return this.engine;
	}

	/**
	 * The peers open now.
	 * @return a snapshot
	 */
	public List<ZmqPeer> peers() {
		List<ZmqPeer> open = new ArrayList<>();
		for (AutoCloseable closeable : all()) {
			if (closeable instanceof ZmqPeer peer) {
				open.add(peer);
			}
		}
		return open;
	}

	/**
	 * Closes every peer and proxy, then the engine if this instance created it. Idempotent; afterwards no peer opens.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		closeAll(all());
		this.engine.removeEventListener(this.eventRouter);
		if (this.ownsEngine) {
			this.engine.close();
		}
	}

	/**
	 * Marks the start of a test class: peers opened from now until a test method starts live until the class ends.
	 * @param context the JUnit context
	 */
	@Override
	public void beforeAll(ExtensionContext context) {
		synchronized (this.scopeMonitor) {
			this.classDepth++;
		}
	}

	/**
	 * Marks the start of a test method: peers opened from now (its {@code @BeforeEach} methods included) are closed
	 * after it.
	 * @param context the JUnit context
	 */
	@Override
	public void beforeEach(ExtensionContext context) {
		synchronized (this.scopeMonitor) {
			this.inTest = true;
		}
	}

	/**
	 * Closes what the test method opened; closes everything when the extension is registered on an instance field.
	 * @param context the JUnit context
	 */
	@Override
	public void afterEach(ExtensionContext context) {
		boolean classLevel;
		synchronized (this.scopeMonitor) {
			this.inTest = false;
			classLevel = this.classDepth > 0;
		}
		if (classLevel) {
			closeAll(snapshot(this.methodScoped));
		}
		else {
			close();
		}
	}

	/**
	 * Closes everything once the outermost test class (nested classes included) is done.
	 * @param context the JUnit context
	 */
	@Override
	public void afterAll(ExtensionContext context) {
		boolean last;
		synchronized (this.scopeMonitor) {
			last = --this.classDepth <= 0;
		}
		if (last) {
			close();
		}
	}

	<P extends ZmqPeer> P open(PeerBuilder<?, P> builder) {
		checkOpen();
		String name = builder.name();
		if (name == null) {
			name = "test-" + builder.type().name().toLowerCase(Locale.ROOT) + "-" + SEQUENCE.incrementAndGet();
		}
		PeerConnections peerConnections = new PeerConnections();
		if (this.connections.putIfAbsent(name, peerConnections) != null) {
			throw new IllegalArgumentException("A peer named '" + name + "' is already open; give this one another "
					+ "name, or close the other first");
		}
		P peer;
		try {
			ZmqSocketSpec spec = builder.spec(name);
			peer = builder.open(new ZmqPeer.PeerSetup(this, builder.type(), peerConnections), spec);
		}
		catch (RuntimeException ex) {
			this.connections.remove(name, peerConnections);
			throw new IllegalStateException("Could not open the " + builder.describe() + " named '" + name + "': "
					+ ex.getMessage(), ex);
		}
		track(peer);
		return peer;
	}

	/** Called when a peer or proxy closes. */
	void forget(AutoCloseable closeable) {
		this.classScoped.remove(closeable);
		this.methodScoped.remove(closeable);
		if (closeable instanceof ZmqPeer peer) {
			this.connections.remove(peer.name(), peer.connections());
		}
	}

	private void track(AutoCloseable closeable) {
		boolean test;
		synchronized (this.scopeMonitor) {
			test = this.inTest;
		}
		(test ? this.methodScoped : this.classScoped).add(closeable);
		if (closeable instanceof TcpFaultProxy proxy) {
			proxy.onClose(() -> forget(proxy));
		}
		if (this.closed) {
			closeAll(List.of(closeable));
			throw new IllegalStateException("These peers are closed: open peers on a new ZmqPeers");
		}
	}

	private void checkOpen() {
		if (this.closed) {
			throw new IllegalStateException("These peers are closed: open peers on a new ZmqPeers (registered as an "
					+ "extension on a static field, peers live until the end of the test class)");
		}
	}

	private void route(SocketEvent event) {
		PeerConnections peer = this.connections.get(event.socketName());
		if (peer != null) {
			peer.onEvent(event);
		}
	}

	private List<AutoCloseable> all() {
		List<AutoCloseable> all = snapshot(this.methodScoped);
		all.addAll(snapshot(this.classScoped));
		return all;
	}

	private static List<AutoCloseable> snapshot(Set<AutoCloseable> set) {
		synchronized (set) {
			return new ArrayList<>(set);
		}
	}

	private static void closeAll(List<AutoCloseable> closeables) {
		for (AutoCloseable closeable : closeables) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				logger.warn("Closing {} failed", closeable, ex);
			}
		}
	}

}
