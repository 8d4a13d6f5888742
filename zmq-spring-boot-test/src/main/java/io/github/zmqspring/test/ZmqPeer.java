package io.github.zmqspring.test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketStats;
import io.github.zmqspring.core.SocketType;

/**
 * What every peer has: its socket's name and endpoints, its connections (followed through the engine's socket events)
 * and a close. Peers are opened by {@link ZmqPeers} and closed with it, or earlier by {@link #close()}.
 * <p>
 * Every wait takes a deadline (the overloads without one use {@link ZmqPeers#defaultTimeout()}) and fails with an
 * {@link AssertionError} that says what was expected, what happened, and what to check. Thread-safe.
 */
public abstract class ZmqPeer implements AutoCloseable {

	private final ZmqPeers peers;

	private final SocketType type;

	private final ManagedSocket socket;

	private final PeerConnections connections;

	private final AtomicBoolean closed = new AtomicBoolean();

	ZmqPeer(PeerSetup setup, ManagedSocket socket) {
		this.peers = setup.peers();
		this.type = setup.type();
		this.connections = setup.connections();
		this.socket = socket;
	}

	/**
	 * The socket's name (generated, {@code test-<type>-<n>}, unless the builder set one); engine events and logs use it.
	 * @return the name
	 */
	public String name() {
		return this.socket.name();
	}

	/**
	 * The socket type this peer plays (a {@link PublisherPeer} is {@link SocketType#PUB} on the wire's terms even
	 * though it runs on an XPUB socket to see subscriptions).
	 * @return the type
	 */
	public SocketType type() {
		return this.type;
	}

	/**
	 * An endpoint the application can connect to, or the one this peer connects to: the first bound endpoint with its
	 * wildcard port resolved and a wildcard host ({@code *}, {@code 0.0.0.0}, {@code ::}) replaced by the loopback
	 * address (for example {@code tcp://127.0.0.1:49152}); for a peer that only connects, its first connect endpoint.
	 * @return the endpoint
	 */
	public String endpoint() {
		List<String> bound = this.socket.boundEndpoints();
		if (!bound.isEmpty()) {
			return connectable(bound.get(0));
		}
		List<String> connected = this.socket.connectedEndpoints();
		if (!connected.isEmpty()) {
			return connected.get(0);
		}
		throw new IllegalStateException(describe() + " neither binds nor connects");
	}

	/**
	 * The port of the first TCP endpoint this peer is bound to, the wildcard resolved.
	 * @return the port
	 * @throws IllegalStateException when the peer has no TCP bind
	 */
	public int port() {
		int port = this.socket.boundPort();
		if (port < 0) {
			throw new IllegalStateException(describe() + " has no TCP bind, so it has no port (bound to "
					+ this.socket.boundEndpoints() + "); open it with bind(\"tcp://127.0.0.1:*\")");
		}
		return port;
	}

	/**
	 * The endpoints this peer is bound to, wildcard ports resolved.
	 * @return the endpoints, in bind order
	 */
	public List<String> boundEndpoints() {
		return this.socket.boundEndpoints();
	}

	/**
	 * The endpoints this peer connects to.
	 * @return the endpoints
	 */
	public List<String> connectedEndpoints() {
		return this.socket.connectedEndpoints();
	}

	/**
	 * How many peers are connected now: connections whose ZMTP handshake succeeded and that are not disconnected.
	 * @return the count
	 */
	public int connectedPeers() {
		return this.connections.count();
	}

	/**
	 * Waits, up to the default timeout, until at least {@code count} peers are connected.
	 * @param count the number of connections
	 * @throws AssertionError when fewer were connected at the deadline
	 */
	public void awaitConnectedPeers(int count) {
		awaitConnectedPeers(count, defaultTimeout());
	}

	/**
	 * Waits until at least {@code count} peers are connected (handshake succeeded, not disconnected since).
	 * @param count the number of connections
	 * @param timeout how long to wait at most
	 * @throws AssertionError when fewer were connected at the deadline
	 */
	public void awaitConnectedPeers(int count, Duration timeout) {
		this.connections.awaitConnected(count, timeout, this::describe);
	}

	/**
	 * The socket's recent events (at most the last 256), oldest first.
	 * @return a snapshot
	 */
	public List<SocketEvent> events() {
		return this.connections.events();
	}

	/**
	 * The socket's counters.
	 * @return a snapshot
	 */
	public SocketStats stats() {
		return this.socket.stats();
	}

	/**
	 * Whether {@link #close()} was called (directly or by {@link ZmqPeers}).
	 * @return {@code true} once closed
	 */
	public boolean isClosed() {
		return this.closed.get();
	}

	/**
	 * Closes the socket, delivering what it queued within its linger (1 s by default). Idempotent.
	 */
	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			try {
				this.socket.close();
			}
			finally {
				this.peers.forget(this);
			}
		}
	}

	/**
	 * Describes the peer for failure messages: type, name and endpoints.
	 * @return for example {@code SUB peer 'test-sub-3' (connect [tcp://127.0.0.1:5556])}
	 */
	@Override
	public String toString() {
		return describe();
	}

	String describe() {
		List<String> bound = this.socket.boundEndpoints();
		String where = bound.isEmpty() ? "connect " + this.socket.connectedEndpoints() : "bound to " + bound;
		return this.type + " peer '" + name() + "' (" + where + ")";
	}

	Duration defaultTimeout() {
		return this.peers.defaultTimeout();
	}

	PeerConnections connections() {
		return this.connections;
	}

	static String connectable(String endpoint) {
		for (String wildcard : new String[] { "tcp://0.0.0.0:", "tcp://*:" }) {
			if (endpoint.startsWith(wildcard)) {
				return "tcp://127.0.0.1:" + endpoint.substring(wildcard.length());
			}
		}
		for (String wildcard : new String[] { "tcp://[::]:", "tcp://[0:0:0:0:0:0:0:0]:" }) {
			if (endpoint.startsWith(wildcard)) {
				return "tcp://[::1]:" + endpoint.substring(wildcard.length());
			}
		}
		return endpoint;
	}

	/** What a peer is opened with, besides its socket. */
	record PeerSetup(ZmqPeers peers, SocketType type, PeerConnections connections) {

	}

}
