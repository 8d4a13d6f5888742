package io.github.zmqspring.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy with faults on demand, to put between two sockets (the application's and a peer, or two of the
 * application's): it listens on {@code 127.0.0.1} on a random port ({@link #endpoint()}) and forwards every accepted
 * connection to the target, byte for byte, in both directions. Faults apply to the connections open now and to later
 * ones:
 * <ul>
 * <li>{@link #delay(Duration)} / {@link #delay(Duration, Duration)}: every chunk of bytes is forwarded at least that
 * long after it was read, plus a random jitter, in each direction; bytes are never reordered;</li>
 * <li>{@link #stopReading()} / {@link #stopReading(Direction)}: the proxy stops reading from the sender (after the
 * chunk being read, if any), so TCP back-pressure reaches it and its socket fills up to its high water mark;
 * {@link #resume()} reads again;</li>
 * <li>{@link #cutConnections()}: closes every current connection abruptly (TCP RST on both sides), like a crashed
 * link; {@link #closeConnections()} closes them gracefully (FIN). ZeroMQ sockets reconnect through the proxy;</li>
 * <li>{@link #refuseConnections()}: new connections are accepted and reset at once, until
 * {@link #acceptConnections()}.</li>
 * </ul>
 * The proxy knows nothing of ZMTP, so it works with any peer (libzmq, pyzmq, JeroMQ, this engine, plain TCP). For the
 * same reason it cannot drop single messages: a ZMTP connection is one byte stream of frames, and removing bytes from
 * it breaks the framing, so the peer would drop the connection rather than lose one message. Cut a connection
 * instead: what was in flight on it is lost, as a real network failure loses it.
 * <p>
 * Each connection runs on four daemon threads of its own (a reader and a writer per direction) that wait on
 * conditions, never by sleeping. Counters: {@link #acceptedConnections()}, {@link #activeConnections()},
 * {@link #refusedConnections()}, {@link #bytesForwarded(Direction)}. Thread-safe; {@link #close()} cuts everything.
 */
public final class TcpFaultProxy implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(TcpFaultProxy.class);

	/** Socket buffers of the proxy's own sockets: small, so that a stopped direction pushes back on the sender soon. */
	private static final int BUFFER_SIZE = 64 * 1024;

	private static final int CONNECT_TIMEOUT_MILLIS = 5000;

	private final InetSocketAddress target;

	private final String targetEndpoint;

	private final ServerSocket server;

	private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();

	private final List<Runnable> closeHooks = new CopyOnWriteArrayList<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final AtomicInteger ids = new AtomicInteger();

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong refused = new AtomicLong();

	private final AtomicLong upstreamBytes = new AtomicLong();

	private final AtomicLong downstreamBytes = new AtomicLong();

	private volatile long delayNanos;

	private volatile long jitterNanos;

	private volatile boolean upstreamPaused;

	private volatile boolean downstreamPaused;

	private volatile boolean refusing;

	private volatile boolean closed;

	private TcpFaultProxy(InetSocketAddress target, String targetEndpoint) throws IOException {
		this.target = target;
		this.targetEndpoint = targetEndpoint;
		this.server = new ServerSocket();
		this.server.setReceiveBufferSize(BUFFER_SIZE);
		this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
	}

	/**
	 * Starts a proxy to a TCP endpoint.
	 * @param target {@code tcp://host:port} (or {@code host:port}); a wildcard host ({@code *}, {@code 0.0.0.0})
	 * means the loopback address, so a peer's bound endpoint works as it is
	 * @return the running proxy, listening on {@code 127.0.0.1} on a random port
	 * @throws IllegalArgumentException when the target is not a TCP endpoint with a port
	 * @throws IllegalStateException when the proxy cannot listen
	 */
	public static TcpFaultProxy start(String target) {
		Objects.requireNonNull(target, "'target' must not be null");
		TcpFaultProxy proxy;
		try {
			proxy = new TcpFaultProxy(TcpEndpoints.parse(target), target);
		}
		catch (IOException ex) {
			throw new IllegalStateException("The fault proxy to " + target + " could not listen on 127.0.0.1: " + ex, ex);
		}
		Thread acceptor = new Thread(proxy::acceptLoop, "tcp-fault-proxy-" + proxy.port() + "-acceptor");
		acceptor.setDaemon(true);
		acceptor.start();
		return proxy;
	}

	/**
	 * Starts a proxy to a host and port.
	 * @param host the target host
	 * @param port the target port
	 * @return the running proxy
	 */
	public static TcpFaultProxy start(String host, int port) {
		return start("tcp://" + host + ":" + port);
	}

	/**
	 * The port the proxy listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * The endpoint to connect to instead of the target.
	 * @return {@code tcp://127.0.0.1:<port>}
	 */
	public String endpoint() {
		return "tcp://127.0.0.1:" + port();
	}

	/**
	 * The endpoint the proxy forwards to, as given.
	 * @return the target
	 */
	public String target() {
		return this.targetEndpoint;
	}

	/**
	 * Delays every chunk of bytes by at least {@code delay}, in each direction.
	 * @param delay the delay; zero for none
	 * @return this proxy
	 */
	public TcpFaultProxy delay(Duration delay) {
		return delay(delay, Duration.ZERO);
	}

	/**
	 * Delays every chunk of bytes by {@code delay} plus a random part of {@code jitter}, in each direction, without
	 * reordering bytes; chunks already read keep the delay they were given.
	 * @param delay the fixed part; zero for none
	 * @param jitter the upper bound of the random part; zero for none
	 * @return this proxy
	 */
	public TcpFaultProxy delay(Duration delay, Duration jitter) {
		if (delay.isNegative() || jitter.isNegative()) {
			throw new IllegalArgumentException("delay '" + delay + "' and jitter '" + jitter + "' must not be negative");
		}
		this.delayNanos = delay.toNanos();
		this.jitterNanos = jitter.toNanos();
		wakeAll();
		return this;
	}

	/**
	 * Stops reading in both directions (see {@link #stopReading(Direction)}).
	 * @return this proxy
	 */
	public TcpFaultProxy stopReading() {
		stopReading(Direction.UPSTREAM);
		return stopReading(Direction.DOWNSTREAM);
	}

	/**
	 * Stops reading from the sending side of a direction, on current and new connections: bytes already read are
	 * still delivered, then the sender's TCP window fills and its socket queues up to its high water mark (where a
	 * PUSH or DEALER send blocks and a PUB drops).
	 * @param direction the direction
	 * @return this proxy
	 */
	public TcpFaultProxy stopReading(Direction direction) {
		if (direction == Direction.UPSTREAM) {
			this.upstreamPaused = true;
		}
		else {
			this.downstreamPaused = true;
		}
		return this;
	}

	/**
	 * Reads again in both directions.
	 * @return this proxy
	 */
	public TcpFaultProxy resume() {
		this.upstreamPaused = false;
		this.downstreamPaused = false;
		wakeAll();
		return this;
	}

	/**
	 * Closes every current connection abruptly: an RST to both sides, bytes in flight discarded. New connections
	 * are accepted as before, so ZeroMQ sockets reconnect.
	 * @return the number of connections cut
	 */
	public int cutConnections() {
		return closeEach(true);
	}

	/**
	 * Closes every current connection gracefully (a FIN to both sides). New connections are accepted as before.
	 * @return the number of connections closed
	 */
	public int closeConnections() {
		return closeEach(false);
	}

	/**
	 * Refuses new connections from now on: each is accepted and reset at once (the client sees its connection
	 * reset and retries). Current connections are kept; cut them with {@link #cutConnections()}.
	 * @return this proxy
	 */
	public TcpFaultProxy refuseConnections() {
		this.refusing = true;
		return this;
	}

	/**
	 * Accepts new connections again.
	 * @return this proxy
	 */
	public TcpFaultProxy acceptConnections() {
		this.refusing = false;
		return this;
	}

	/**
	 * Connections accepted and forwarded so far (refused ones excluded).
	 * @return the count
	 */
	public long acceptedConnections() {
		return this.accepted.get();
	}

	/**
	 * Connections open now.
	 * @return the count
	 */
	public int activeConnections() {
		return this.connections.size();
	}

	/**
	 * Connections refused so far, by {@link #refuseConnections()} or because the target could not be reached.
	 * @return the count
	 */
	public long refusedConnections() {
		return this.refused.get();
	}

	/**
	 * Bytes forwarded so far in a direction, over all connections.
	 * @param direction the direction
	 * @return the count
	 */
	public long bytesForwarded(Direction direction) {
		return (direction == Direction.UPSTREAM) ? this.upstreamBytes.get() : this.downstreamBytes.get();
	}

	/**
	 * Waits until at least {@code count} connections are open.
	 * @param count the number of connections
	 * @param timeout how long to wait at most
	 * @throws AssertionError when fewer were open at the deadline
	 */
	public void awaitActiveConnections(int count, Duration timeout) {
		awaitCount(count, timeout, this::activeConnections, "open connections");
	}

	/**
	 * Waits until at least {@code count} connections were accepted since the proxy started (a reconnect after
	 * {@link #cutConnections()} is one more).
	 * @param count the number of connections
	 * @param timeout how long to wait at most
	 * @throws AssertionError when fewer were accepted at the deadline
	 */
	public void awaitAcceptedConnections(long count, Duration timeout) {
		awaitCount(count, timeout, this::acceptedConnections, "accepted connections");
	}

	/**
	 * Stops listening and cuts every connection. Idempotent.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			this.server.close();
		}
		catch (IOException ex) {
			logger.debug("Closing the fault proxy's listener failed", ex);
		}
		closeEach(true);
		this.closeHooks.forEach(Runnable::run);
	}

	/**
	 * Describes the proxy: its endpoint, its target and its counters.
	 * @return the description
	 */
	@Override
	public String toString() {
		return "TcpFaultProxy[" + endpoint() + " -> " + this.targetEndpoint + ", active=" + activeConnections()
				+ ", accepted=" + acceptedConnections() + ", refused=" + refusedConnections() + "]";
	}

	/** The two directions of a proxied connection. */
	public enum Direction {

		/** From the client that connected to the proxy to the target. */
		UPSTREAM,

		/** From the target back to the client. */
		DOWNSTREAM

	}

	boolean isPaused(Direction direction) {
		return (direction == Direction.UPSTREAM) ? this.upstreamPaused : this.downstreamPaused;
	}

	long nextDelayNanos() {
		long jitter = this.jitterNanos;
		return this.delayNanos + ((jitter > 0) ? ThreadLocalRandom.current().nextLong(jitter + 1) : 0);
	}

	void forwarded(Direction direction, int bytes) {
		((direction == Direction.UPSTREAM) ? this.upstreamBytes : this.downstreamBytes).addAndGet(bytes);
	}

	void connectionClosed(ProxyConnection connection) {
		this.connections.remove(connection);
		signal();
	}

	void onClose(Runnable hook) {
		this.closeHooks.add(hook);
	}

	private void acceptLoop() {
		while (!this.closed) {
			Socket client;
			try {
				client = this.server.accept();
			}
			catch (IOException ex) {
				if (!this.closed) {
					logger.warn("{} stopped accepting: {}", this, ex.toString());
				}
				return;
			}
			if (this.refusing) {
				this.refused.incrementAndGet();
				TcpEndpoints.reset(client);
				continue;
			}
			forward(client);
		}
	}

	private void forward(Socket client) {
		Socket upstream = new Socket();
		try {
			upstream.setReceiveBufferSize(BUFFER_SIZE);
			upstream.setSendBufferSize(BUFFER_SIZE);
			upstream.connect(this.target, CONNECT_TIMEOUT_MILLIS);
			upstream.setTcpNoDelay(true);
			client.setTcpNoDelay(true);
			client.setSendBufferSize(BUFFER_SIZE);
		}
		catch (IOException ex) {
			logger.debug("{}: the target {} could not be reached ({}); the client's connection is reset", this,
					this.targetEndpoint, ex.toString());
			this.refused.incrementAndGet();
			TcpEndpoints.reset(upstream);
			TcpEndpoints.reset(client);
			return;
		}
		ProxyConnection connection;
		try {
			connection = new ProxyConnection(this, this.ids.incrementAndGet(), client, upstream);
		}
		catch (IOException ex) {
			TcpEndpoints.reset(upstream);
			TcpEndpoints.reset(client);
			return;
		}
		this.connections.add(connection);
		this.accepted.incrementAndGet();
		connection.start();
		signal();
		if (this.closed) {
			connection.close(true);
		}
	}

	private int closeEach(boolean reset) {
		int count = 0;
		for (ProxyConnection connection : List.copyOf(this.connections)) {
			if (!connection.isClosed()) {
				connection.close(reset);
				count++;
			}
		}
		return count;
	}

	private void wakeAll() {
		this.connections.forEach(ProxyConnection::wake);
	}

	private void signal() {
		this.lock.lock();
		try {
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void awaitCount(long count, Duration timeout, LongSupplier current, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			while (current.getAsLong() < count) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new AssertionError(this + " had " + current.getAsLong() + " of the " + count + " expected "
							+ what + " after " + timeout + ". Check that the client connects to " + endpoint()
							+ " and that the target " + this.targetEndpoint + " is listening.");
				}
				try {
					this.changed.await(left, TimeUnit.NANOSECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new AssertionError("Interrupted while waiting for " + what + " of " + this, ex);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

}
