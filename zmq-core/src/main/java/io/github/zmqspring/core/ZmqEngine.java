package io.github.zmqspring.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.internal.DefaultZmqProxy;
import io.github.zmqspring.core.internal.DefaultZmqRequester;
import io.github.zmqspring.core.internal.DefaultZmqServer;
import io.github.zmqspring.core.internal.DefaultZmqSocket;
import io.github.zmqspring.core.internal.LoopRunner;
import io.github.zmqspring.core.internal.SocketCounters;
import io.github.zmqspring.core.internal.SocketLoop;
import io.github.zmqspring.core.internal.engine.ZmtpDriver;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism;

/**
 * The socket engine: a pure-Java ZMTP 3.1 implementation (tcp, ipc over Unix domain sockets, inproc; NULL, PLAIN and
 * CURVE with ZAP) that interoperates with libzmq, a few I/O threads shared by every connection, and a shared pool of loop threads that runs the receiving sockets'
 * work (their handlers included, one run at a time per socket, no thread per idle socket);
 * callers on any thread send through the thread-safe handles this class returns.
 * <ul>
 * <li>{@link #open(ZmqSocketSpec)}: a socket to send on (PUSH, PUB, PAIR, DEALER, ROUTER, XPUB, XSUB, STREAM);</li>
 * <li>{@link #open(ZmqSocketSpec, MessageHandler)}: a socket whose received messages go to a handler (SUB, PULL,
 * PAIR, DEALER, ROUTER, XPUB, XSUB, STREAM), which can also send when its type allows;</li>
 * <li>{@link #requester(ZmqSocketSpec)}: a request/reply client (REQ or DEALER spec) with many requests in flight;</li>
 * <li>{@link #server(ZmqSocketSpec, RequestHandler)}: a request server (REP or ROUTER spec);</li>
 * <li>{@link #proxy(ZmqSocketSpec, ZmqSocketSpec, ZmqSocketSpec)}: ROUTER/DEALER, XSUB/XPUB and PULL/PUSH proxies.</li>
 * </ul>
 * {@link #close()} closes every socket gracefully (queued messages are delivered within each socket's linger), then
 * the I/O threads, and leaves no thread behind. Thread-safe.
 */
public final class ZmqEngine implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ZmqEngine.class);

	private final String name;

	private final ZmtpDriver driver;

	private final Duration closeTimeout;

	private final List<SocketEventListener> listeners = new CopyOnWriteArrayList<>();

	private final Set<ManagedSocket> sockets = ConcurrentHashMap.newKeySet();

	private final Set<ZmqProxy> proxies = ConcurrentHashMap.newKeySet();

	private final ScheduledThreadPoolExecutor timer;

	/** The shared pool the receiving sockets' work runs on (no thread per socket). */
	private final LoopRunner runner;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final LongAdder ioFaults = new LongAdder();

	private final EngineAuthentication authentication;

	private ZmqEngine(Builder builder) {
		this.name = builder.name;
		this.closeTimeout = builder.closeTimeout;
		this.listeners.addAll(builder.listeners);
		this.driver = new ZmtpDriver(this.name, builder.ioThreads, (thread, ex) -> onIoFault(thread, ex));
		this.timer = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "zmq-" + this.name + "-timer");
			thread.setDaemon(true);
			return thread;
		});
		this.timer.setRemoveOnCancelPolicy(true);
		this.runner = new LoopRunner(this.name, this.timer, builder.handlerThreadFactory);
		this.authentication = new EngineAuthentication(this, this.driver, this::dispatchEvent);
	}

	/**
	 * Creates an engine with the defaults.
	 * @return the engine
	 */
	public static ZmqEngine create() {
		return builder().build();
	}

	/**
	 * Starts a builder.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Opens a socket to send on; nothing is received.
	 * @param spec the socket spec
	 * @return the open socket (bound and connecting)
	 * @throws ZmqException when a bind or connect fails
	 */
	public ZmqSocket open(ZmqSocketSpec spec) {
		checkOpenable(spec, false);
		if (!spec.type().canSend()) {
			throw new IllegalArgumentException("socket '" + spec.name() + "': a " + spec.type()
					+ " socket only receives; open it with a MessageHandler");
		}
		SocketCounters counters = new SocketCounters();
		return register(DefaultZmqSocket.open(newLoop(spec, counters), counters, null, 1, this::forget));
	}

	/**
	 * Opens a socket whose received messages go to a handler, one at a time and in order, in the socket's run on the engine's loop threads.
	 * @param spec the socket spec
	 * @param handler the handler
	 * @return the open socket
	 */
	public ZmqSocket open(ZmqSocketSpec spec, MessageHandler handler) {
		return open(spec, handler, 1);
	}

	/**
	 * Opens a socket whose received messages go to a handler running on {@code concurrency} worker threads (order is
	 * kept only with concurrency 1).
	 * @param spec the socket spec
	 * @param handler the handler
	 * @param concurrency the number of handler threads; 1 runs the handler in the socket's run
	 * @return the open socket
	 */
	public ZmqSocket open(ZmqSocketSpec spec, MessageHandler handler, int concurrency) {
		Objects.requireNonNull(handler, "'handler' must not be null");
		checkOpenable(spec, true);
		if (!spec.type().canReceive()) {
			throw new IllegalArgumentException("socket '" + spec.name() + "': a " + spec.type()
					+ " socket cannot receive; open it without a handler");
		}
		SocketCounters counters = new SocketCounters();
		return register(DefaultZmqSocket.open(newLoop(spec, counters), counters, handler, concurrency, this::forget));
	}

	/**
	 * Opens a request/reply client: on a DEALER spec, many requests in flight on one connection; on a REQ spec,
	 * libzmq's REQ on the wire with a pool of connections (see {@link ZmqRequester}).
	 * @param spec a REQ or DEALER spec
	 * @return the requester
	 */
	public ZmqRequester requester(ZmqSocketSpec spec) {
		checkNotClosed();
		if (spec.type() != SocketType.REQ && spec.type() != SocketType.DEALER) {
			throw new IllegalArgumentException("socket '" + spec.name() + "': a requester needs a REQ or DEALER socket, not "
					+ spec.type());
		}
		SocketCounters counters = new SocketCounters();
		return register(DefaultZmqRequester.open(newLoop(spec, counters), counters, this.timer, this::forget));
	}

	/**
	 * Opens a request server whose handler runs in the socket's run, one request at a time.
	 * @param spec a REP or ROUTER spec
	 * @param handler the handler
	 * @return the server
	 */
	public ZmqServer server(ZmqSocketSpec spec, RequestHandler handler) {
		return server(spec, handler, 1, ErrorReplyFactory.DEFAULT);
	}

	/**
	 * Opens a request server.
	 * @param spec a REP or ROUTER spec
	 * @param handler the handler
	 * @param concurrency how many requests are handled at once (worker threads when more than 1)
	 * @param errorReplies builds the reply when the handler fails
	 * @return the server
	 */
	public ZmqServer server(ZmqSocketSpec spec, RequestHandler handler, int concurrency, ErrorReplyFactory errorReplies) {
		Objects.requireNonNull(handler, "'handler' must not be null");
		Objects.requireNonNull(errorReplies, "'errorReplies' must not be null");
		checkNotClosed();
		if (spec.type() != SocketType.REP && spec.type() != SocketType.ROUTER) {
			throw new IllegalArgumentException("socket '" + spec.name() + "': a server needs a REP or ROUTER socket, not "
					+ spec.type());
		}
		SocketCounters counters = new SocketCounters();
		return register(DefaultZmqServer.open(newLoop(spec, counters), counters, handler, concurrency, errorReplies,
				this::forget));
	}

	/**
	 * Starts a proxy: ROUTER frontend with DEALER backend (a broker), XSUB with XPUB (a forwarder) or PULL with PUSH
	 * (a streamer).
	 * @param frontend the frontend spec
	 * @param backend the backend spec
	 * @param capture an optional socket receiving a copy of every forwarded message
	 * @return the running proxy
	 */
	public ZmqProxy proxy(ZmqSocketSpec frontend, ZmqSocketSpec backend, @Nullable ZmqSocketSpec capture) {
		checkNotClosed();
		requireCrypto(frontend);
		requireCrypto(backend);
		requireCrypto(capture);
		ZmqProxy proxy = DefaultZmqProxy.start(frontend, backend, capture, this.driver, this::dispatchEvent,
				this.proxies::remove);
		this.proxies.add(proxy);
		if (this.closed.get()) {
			proxy.close();
			throw new ZmqClosedException("engine '" + this.name + "' is closed");
		}
		return proxy;
	}

	/**
	 * Starts the engine's authenticator: a ZAP handler bound to {@value ZmqAuthenticator#ZAP_ENDPOINT} in this
	 * engine's context, deciding for every CURVE and PLAIN server socket of this engine (and
	 * every socket with a ZAP domain). Handshakes that start afterwards are decided by it. At most one per engine; it
	 * appears in {@link #sockets()} as a REP server named {@code zmq-authenticator} and closes with the engine. The
	 * engine's handshakes ask the authenticator directly (no ZAP messages, no thread hop) for as long as its socket is
	 * open; the socket itself answers the ZAP requests that someone else sends it over inproc.
	 * @param authenticator the authenticator
	 * @return the authenticator's socket
	 * @throws IllegalStateException when an authenticator is already running
	 */
	public ZmqServer startAuthenticator(ZmqAuthenticator authenticator) {
		return this.authentication.start(authenticator);
	}

	/**
	 * Registers a listener for the events of every socket of this engine.
	 * @param listener the listener
	 */
	public void addEventListener(SocketEventListener listener) {
		this.listeners.add(Objects.requireNonNull(listener, "'listener' must not be null"));
	}

	/**
	 * Removes a listener.
	 * @param listener the listener
	 */
	public void removeEventListener(SocketEventListener listener) {
		this.listeners.remove(listener);
	}

	/**
	 * The sockets currently open (requesters and servers included, proxies excluded).
	 * @return a snapshot
	 */
	public List<ManagedSocket> sockets() {
		return List.copyOf(this.sockets);
	}

	/**
	 * The proxies currently running.
	 * @return a snapshot
	 */
	public List<ZmqProxy> proxies() {
		return List.copyOf(this.proxies);
	}

	/**
	 * How many exceptions the I/O threads reported so far (each is logged and published as an
	 * {@link SocketEventType#ENGINE_FAULT} event).
	 * @return the count
	 */
	public long ioFaults() {
		return this.ioFaults.sum();
	}

	/**
	 * The engine's name, used in thread names.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Whether {@link #close()} was called.
	 * @return {@code true} once closing started
	 */
	public boolean isClosed() {
		return this.closed.get();
	}

	/**
	 * Closes every socket and proxy gracefully (in parallel, each delivering what it has queued within its linger),
	 * then the I/O threads. Returns within the longest linger plus a few seconds, never interrupts a socket thread, and
	 * leaves no engine thread behind. Idempotent.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		long deadline = System.nanoTime() + this.closeTimeout.toNanos();
		List<AutoCloseable> all = new ArrayList<>(this.sockets);
		all.addAll(this.proxies);
		Closers.closeInParallel(all, "zmq-" + this.name + "-closer", deadline);
		this.runner.shutdown();
		this.timer.shutdownNow();
		if (!Closers.closeInParallel(List.<AutoCloseable>of(this.driver::close), "zmq-" + this.name + "-terminator", deadline)) {
			logger.error("Engine '{}': its I/O threads did not stop within {} ms (connections still lingering). They are "
					+ "daemon threads and will not keep the JVM alive.", this.name,
					this.closeTimeout.toMillis());
		}
	}

	private SocketLoop newLoop(ZmqSocketSpec spec, SocketCounters counters) {
		requireCrypto(spec);
		this.authentication.socketOpened(spec, counters);
		SocketLoop loop = new SocketLoop(spec, this.driver, counters, this::dispatchEvent);
		// A send-only engine socket needs no owner thread: its events go to the engine's timer thread.
		loop.publishEventsWith(this.timer);
		loop.runWith(this.runner);
		return loop;
	}

	private static void requireCrypto(@Nullable ZmqSocketSpec spec) {
		ZmqSecurity security = (spec != null) ? spec.security() : null;
		if (security != null && (security.mechanism() == ZmqSecurity.Mechanism.CURVE_CLIENT
				|| security.mechanism() == ZmqSecurity.Mechanism.CURVE_SERVER)) {
			ZmtpMechanism.requireCurve("socket '" + spec.name() + "'");
		}
	}

	private <T extends ManagedSocket> T register(T socket) {
		this.sockets.add(socket);
		if (this.closed.get()) {
			socket.close();
			throw new ZmqClosedException("engine '" + this.name + "' is closed");
		}
		return socket;
	}

	private void forget(ManagedSocket socket) {
		this.sockets.remove(socket);
		this.authentication.socketClosed(socket.name());
	}

	private void checkOpenable(ZmqSocketSpec spec, boolean withHandler) {
		Objects.requireNonNull(spec, "'spec' must not be null");
		checkNotClosed();
		if (spec.type() == SocketType.REP || spec.type() == SocketType.REQ) {
			throw new IllegalArgumentException("socket '" + spec.name() + "': " + spec.type()
					+ " sockets are served by server(spec, handler) (REP) and requester(spec) (REQ), which keep their "
					+ "wire format without REQ/REP's lock-step state machine");
		}
	}

	private void checkNotClosed() {
		if (this.closed.get()) {
			throw new ZmqClosedException("engine '" + this.name + "' is closed");
		}
	}

	private void dispatchEvent(SocketEvent event) {
		for (SocketEventListener listener : this.listeners) {
			try {
				listener.onEvent(event);
			}
			catch (RuntimeException ex) {
				logger.warn("Socket event listener {} failed on {}", listener, event, ex);
			}
		}
	}

	private void onIoFault(Thread thread, Throwable ex) {
		this.ioFaults.increment();
		if (ZmtpDriver.isClosedChannel(ex)) {
			// A connection closed while its channel was being (re)registered: benign, the connection is gone.
			logger.debug("Engine '{}': I/O thread '{}' met a connection closed under it: {}", this.name,
					thread.getName(), ex.toString());
			return;
		}
		logger.error("Engine '{}': I/O thread '{}' reported {}; connections served by that thread may stall",
				this.name, thread.getName(), ex.toString(), ex);
	}

	/**
	 * Builds a {@link ZmqEngine}. Not thread-safe.
	 */
	public static final class Builder {

		private String name = "zmq";

		private int ioThreads = 1;

		private @Nullable ThreadFactory handlerThreadFactory;

		private Duration closeTimeout = Duration.ofSeconds(30);

		private final List<SocketEventListener> listeners = new ArrayList<>();

		private @Nullable ZmqAuthenticator authenticator;

		private Builder() {
		}

		/**
		 * Sets an authenticator (ZAP handler) that the engine starts when it is built, before any socket opens (default
		 * none: CURVE servers then admit any client that knows their key, PLAIN servers any user).
		 * @param authenticator the authenticator, or {@code null} for none
		 * @return this builder
		 */
		public Builder authenticator(@Nullable ZmqAuthenticator authenticator) {
			this.authenticator = authenticator;
			return this;
		}

		/**
		 * Sets the engine's name, used in thread names (default {@code zmq}).
		 * @param name the name
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = Objects.requireNonNull(name, "'name' must not be null");
			return this;
		}

		/**
		 * Sets where the threads that run the sockets' work and their handlers come from: the shared loop pool and
		 * each socket's worker pool (default: platform daemon threads). With a virtual thread factory (Java 21+,
		 * {@code Thread.ofVirtual().factory()}) handlers run on virtual threads; the engine's own locks are
		 * {@code ReentrantLock}s, which do not pin a virtual thread to its carrier. The I/O threads and the timer stay
		 * platform threads. Threads are renamed after their socket while they run it.
		 * @param factory the factory, or {@code null} for the default
		 * @return this builder
		 */
		public Builder handlerThreadFactory(@Nullable ThreadFactory factory) {
			this.handlerThreadFactory = factory;
			return this;
		}

		/**
		 * Sets the number of ZeroMQ I/O threads (default 1, enough for about a gigabyte per second).
		 * @param ioThreads at least 1
		 * @return this builder
		 */
		public Builder ioThreads(int ioThreads) {
			if (ioThreads < 1) {
				throw new IllegalArgumentException("ioThreads '" + ioThreads + "' must be at least 1");
			}
			this.ioThreads = ioThreads;
			return this;
		}

		/**
		 * Sets the upper bound of {@link ZmqEngine#close()} (default 30 s; each socket's own bound is its linger plus
		 * 5 s).
		 * @param timeout a positive duration
		 * @return this builder
		 */
		public Builder closeTimeout(Duration timeout) {
			if (timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException("closeTimeout '" + timeout + "' must be positive");
			}
			this.closeTimeout = timeout;
			return this;
		}

		/**
		 * Adds a listener for every socket's events.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder eventListener(SocketEventListener listener) {
			this.listeners.add(Objects.requireNonNull(listener, "'listener' must not be null"));
			return this;
		}

		/**
		 * Creates the engine (its I/O threads start now; sockets open on demand).
		 * @return the engine
		 */
		public ZmqEngine build() {
			ZmqEngine engine = new ZmqEngine(this);
			if (this.authenticator != null) {
				try {
					engine.startAuthenticator(this.authenticator);
				}
				catch (RuntimeException ex) {
					engine.close();
					throw ex;
				}
			}
			return engine;
		}

	}

}
