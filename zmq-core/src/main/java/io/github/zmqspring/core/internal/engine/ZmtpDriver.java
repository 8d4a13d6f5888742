package io.github.zmqspring.core.internal.engine;

import java.lang.Thread.UncaughtExceptionHandler;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.SocketEventReason;
import io.github.zmqspring.core.ZmqClosedException;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.DriverEventSink;
import io.github.zmqspring.core.internal.DriverSocket;
import io.github.zmqspring.core.internal.SocketDriver;
import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException;

/**
 * The engine's own ZMTP 3.1 implementation behind the {@link SocketDriver} seam: a few I/O threads (the engine's
 * {@code ioThreads}) serving every connection of every socket, thread-safe sockets with libzmq's semantics per type,
 * and the tcp, ipc and inproc transports. REP specs are served on ROUTER sockets (the engine's server keeps the
 * envelopes); REQ sockets are libzmq's REQ on the wire, a pool of them per endpoint (see {@link ReqSocket}).
 * Sockets with a {@link io.github.zmqspring.core.ZmqSecurity} run PLAIN or CURVE; their servers ask the
 * {@link #zapHandler(ZapHandler) ZAP handler}.
 */
public final class ZmtpDriver implements SocketDriver {

	private static final Logger logger = LoggerFactory.getLogger(ZmtpDriver.class);

	private static final long OFFENDER_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final IoThread[] threads;

	private final AtomicInteger nextThread = new AtomicInteger();

	private final Set<EngineSocket> sockets = ConcurrentHashMap.newKeySet();

	private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

	private final Set<Connecter> lingering = ConcurrentHashMap.newKeySet();

	private final Inproc inproc = new Inproc();

	private final AtomicLong lastOffenderLog = new AtomicLong(System.nanoTime() - OFFENDER_LOG_INTERVAL_NANOS);

	private final AtomicLong offendersNotLogged = new AtomicLong();

	private volatile boolean closed;

	/** Decides the ZAP requests of PLAIN and CURVE servers; {@code null} admits every peer (libzmq without a handler). */
	private volatile @Nullable ZapHandler zapHandler;

	/** Created when a handshake first needs the application's own ZAP handler socket. */
	private volatile @Nullable ZapSocketClient zapSocketClient;

	/** The latest linger deadline of a closed socket's connections ({@link System#nanoTime()}). */
	private final AtomicLong lingerUntil = new AtomicLong(System.nanoTime());

	/**
	 * Starts the I/O threads.
	 * @param name the engine's name, for thread names
	 * @param ioThreads how many I/O threads
	 * @param faultHandler receives unexpected exceptions of I/O threads
	 */
	public ZmtpDriver(String name, int ioThreads, UncaughtExceptionHandler faultHandler) {
		this.threads = new IoThread[ioThreads];
		for (int i = 0; i < ioThreads; i++) {
			this.threads[i] = new IoThread("zmq-" + name + "-io-" + i, faultHandler);
			this.threads[i].start();
		}
	}

	@Override
	public DriverSocket open(ZmqSocketSpec spec, DriverEventSink events, Runnable signal) {
		if (this.closed) {
			throw new ZmqClosedException("socket '" + spec.name() + "': the engine is closed");
		}
		EngineSocket socket = switch (spec.type()) {
			case PUSH -> new PushSocket(spec, this, events, signal);
			case PULL -> new PullSocket(spec, this, events, signal);
			case DEALER -> new DealerSocket(spec, this, events, signal);
			case REQ -> new ReqSocket(spec, this, events, signal);
			case ROUTER, REP -> new RouterSocket(spec, this, events, signal);
			case PAIR -> new PairSocket(spec, this, events, signal);
			case PUB -> new PubSocket(spec, false, this, events, signal);
			case XPUB -> new PubSocket(spec, true, this, events, signal);
			case SUB -> new SubSocket(spec, false, this, events, signal);
			case XSUB -> new SubSocket(spec, true, this, events, signal);
			case STREAM -> new StreamSocket(spec, this, events, signal);
		};
		this.sockets.add(socket);
		return socket;
	}

	/**
	 * Sets who decides the ZAP requests of the PLAIN and CURVE servers from now on (handshakes that reach their ZAP
	 * step afterwards).
	 * @param handler the handler, or {@code null} to admit every peer, as libzmq does without a ZAP handler
	 */
	public void zapHandler(@Nullable ZapHandler handler) {
		this.zapHandler = handler;
	}

	/**
	 * The ZAP domain of a secured socket, as its ZAP requests carry it.
	 * @param spec a spec with security
	 * @return the configured domain, or the socket's name
	 */
	public static String zapDomain(ZmqSocketSpec spec) {
		io.github.zmqspring.core.ZmqSecurity security = spec.security();
		String domain = (security != null) ? security.zapDomain() : null;
		return (domain != null) ? domain : spec.name();
	}

	/** @return the ZAP handler, or {@code null} */
	@Nullable ZapHandler zapHandler() {
		return this.zapHandler;
	}

	/**
	 * The client of an application's own ZAP handler socket, when one is bound on {@code inproc://zeromq.zap.01} of
	 * this engine (and no {@link #zapHandler(ZapHandler) handler} is set).
	 * @return the client, or {@code null} when no handler socket is bound
	 */
	@Nullable ZapSocketClient zapSocketClient() {
		if (!this.inproc.isBound(ZapSocketClient.NAME)) {
			return null;
		}
		ZapSocketClient client = this.zapSocketClient;
		if (client == null) {
			synchronized (this) {
				client = this.zapSocketClient;
				if (client == null && !this.closed) {
					client = new ZapSocketClient(this);
					this.zapSocketClient = client;
				}
			}
		}
		return client;
	}

	Endpoint bind(EngineSocket socket, String endpoint) {
		Address address = Address.parse(socket.spec.name(), endpoint, true);
		if (address.transport() == Address.Transport.INPROC) {
			return this.inproc.bind(socket, address.path());
		}
		return Listener.open(this, socket, endpoint, address, nextIo());
	}

	Endpoint connect(EngineSocket socket, String endpoint) {
		Address address = Address.parse(socket.spec.name(), endpoint, false);
		if (address.transport() == Address.Transport.INPROC) {
			return this.inproc.connect(socket, address.path());
		}
		Connecter connecter = new Connecter(socket, endpoint, address, nextIo());
		connecter.start();
		return connecter;
	}

	/** @return the I/O thread for a new channel, round-robin */
	IoThread nextIo() {
		return this.threads[Math.floorMod(this.nextThread.getAndIncrement(), this.threads.length)];
	}

	/**
	 * Runs a task on an I/O thread.
	 * @param task the task
	 */
	void execute(Runnable task) {
		this.threads[0].execute(task);
	}

	void connectionOpened(Connection connection) {
		this.connections.add(connection);
	}

	void connectionClosed(Connection connection) {
		this.connections.remove(connection);
	}

	void lingerStarted(Connecter connecter) {
		this.lingering.add(connecter);
	}

	void lingerEnded(Connecter connecter) {
		this.lingering.remove(connecter);
	}

	void socketClosed(EngineSocket socket) {
		long until = System.nanoTime() + socket.spec.linger().toNanos();
		this.lingerUntil.accumulateAndGet(until, (a, b) -> (a - b >= 0) ? a : b);
		this.inproc.socketClosed(socket);
		this.sockets.remove(socket);
	}

	/**
	 * Logs a peer that broke the protocol or a limit: one line per 10 s for the whole engine, with how many more were
	 * seen (each is also an event and a count), naming the reason as the event and the meter tag do.
	 */
	void reportOffender(EngineSocket socket, String address, SocketEventReason reason, ZmtpProtocolException ex) {
		long now = System.nanoTime();
		long last = this.lastOffenderLog.get();
		if (now - last >= OFFENDER_LOG_INTERVAL_NANOS && this.lastOffenderLog.compareAndSet(last, now)) {
			long more = this.offendersNotLogged.getAndSet(0);
			logger.warn("Socket '{}' ({}): dropped the connection with {} ({}): {}{}", socket.spec.name(),
					socket.spec.type(), address, reason.tagValue(), ex.getMessage(),
					(more > 0) ? " (and " + more + " other offender(s) in the last 10 s)" : "");
		}
		else {
			this.offendersNotLogged.incrementAndGet();
			logger.debug("Socket '{}': dropped the connection with {} ({}): {}", socket.spec.name(), address,
					reason.tagValue(), ex.getMessage());
		}
	}

	/**
	 * Waits for lingering connections (each bounded by its socket's linger), then stops the I/O threads.
	 */
	@Override
	public void close() {
		this.closed = true;
		for (EngineSocket socket : this.sockets) {
			socket.close();
		}
		long until = this.lingerUntil.get();
		long now = System.nanoTime();
		long deadline = ((until - now > 0) ? until : now) + TimeUnit.SECONDS.toNanos(1);
		while ((!this.connections.isEmpty() || !this.lingering.isEmpty()) && System.nanoTime() - deadline < 0) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
		for (IoThread thread : this.threads) {
			thread.stop(TimeUnit.SECONDS.toMillis(2));
		}
	}

	/**
	 * Whether an I/O thread's fault is a connection closed while its channel was being (re)registered: benign, the
	 * connection is gone.
	 * @param ex the fault
	 * @return the answer
	 */
	public static boolean isClosedChannel(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.nio.channels.ClosedChannelException
					|| cause instanceof java.nio.channels.CancelledKeyException) {
				return true;
			}
		}
		return false;
	}

}
