package io.github.zmqspring.core.internal.engine;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;

/**
 * A connected tcp or ipc endpoint: connects in the background, and again after every disconnect, after the reconnect
 * interval plus up to a quarter of it as jitter, doubling up to the maximum interval when one is set. With immediate
 * off (libzmq's default), PUSH, DEALER and PAIR sockets get their link at once and keep it across reconnects, so
 * messages queue (up to the high water mark) before the peer is there and survive its restart. A handshake the peer
 * refused (ERROR, another mechanism) stops the reconnecting, as in libzmq.
 * <p>
 * Confined to its I/O thread, except {@link #close(long)}.
 */
final class Connecter implements Endpoint, IoThread.Handler {

	private static final Logger logger = LoggerFactory.getLogger(Connecter.class);

	private final EngineSocket socket;

	private final String endpoint;

	private final Address address;

	private final IoThread io;

	private final @Nullable Link persistent;

	private @Nullable SocketChannel pending;

	private @Nullable SelectionKey key;

	private @Nullable Connection current;

	private IoThread.@Nullable Timer retry;

	private long intervalNanos;

	private volatile boolean stopped;

	/** When a close with messages still queued started lingering (connecting on to deliver them), else 0. */
	private long lingerDeadline;

	Connecter(EngineSocket socket, String endpoint, Address address, IoThread io) {
		this.socket = socket;
		this.endpoint = endpoint;
		this.address = address;
		this.io = io;
		this.intervalNanos = socket.spec.reconnectInterval().toNanos();
		SocketType type = socket.type;
		boolean keeps = type == SocketType.PUSH || type == SocketType.DEALER || type == SocketType.PAIR;
		Link link = null;
		if (keeps && !socket.spec.immediate()) {
			link = new Link(new Pipe(socket.spec.sendHighWaterMark()), new Pipe(socket.spec.receiveHighWaterMark()),
					endpoint, true);
			if (!socket.attach(link)) {
				link = null;
			}
		}
		this.persistent = link;
	}

	void start() {
		this.io.execute(this::attempt);
	}

	/** @return the link that outlives connections, or {@code null} */
	@Nullable Link persistentLink() {
		return this.persistent;
	}

	private void attempt() {
		this.retry = null;
		if (this.stopped && !lingering()) {
			return;
		}
		SocketChannel channel = null;
		try {
			channel = SocketChannel.open(this.address.family());
			channel.configureBlocking(false);
			if (this.address.transport() == Address.Transport.TCP) {
				channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
				Boolean keepAlive = this.socket.spec.tcpKeepAlive();
				if (keepAlive != null) {
					channel.setOption(StandardSocketOptions.SO_KEEPALIVE, keepAlive);
				}
			}
			if (channel.connect(this.address.socketAddress())) {
				connected(channel, null);
			}
			else {
				this.pending = channel;
				this.key = channel.register(this.io.selector(), SelectionKey.OP_CONNECT, this);
				this.socket.event(SocketEventType.CONNECT_DELAYED, this.endpoint, 0);
			}
		}
		catch (IOException | IllegalArgumentException ex) {
			closeQuietly(channel);
			logger.debug("Socket '{}': connecting to {} failed: {}", this.socket.spec.name(), this.endpoint, ex.toString());
			scheduleRetry();
		}
	}

	@Override
	public void ready(SelectionKey key) throws IOException {
		SocketChannel channel = this.pending;
		if (channel == null || !key.isConnectable()) {
			return;
		}
		boolean done;
		try {
			done = channel.finishConnect();
		}
		catch (IOException ex) {
			key.cancel();
			closeQuietly(channel);
			this.pending = null;
			this.key = null;
			scheduleRetry();
			return;
		}
		if (done) {
			this.pending = null;
			connected(channel, key);
		}
	}

	private void connected(SocketChannel channel, @Nullable SelectionKey existing) throws IOException {
		if (this.stopped && !lingering()) {
			if (existing != null) {
				existing.cancel();
			}
			closeQuietly(channel);
			return;
		}
		this.socket.event(SocketEventType.CONNECTED, this.endpoint, 0);
		String peer = (this.address.transport() == Address.Transport.TCP) ? Address.format(channel.getRemoteAddress())
				: this.endpoint;
		Connection connection = new Connection(this.io, channel, this.socket, this, null, peer);
		this.current = connection;
		this.key = null;
		connection.start(existing, null);
	}

	/** Called by this connecter's connection when its handshake succeeded: the back-off starts over. */
	void handshakeSucceeded() {
		this.intervalNanos = this.socket.spec.reconnectInterval().toNanos();
		Connection connection = this.current;
		if (this.stopped && connection != null) {
			// Closed while no peer was up: deliver what is queued within what is left of the linger.
			connection.closeAfterFlush(Math.max(1, this.lingerDeadline - System.nanoTime()));
		}
	}

	private boolean lingering() {
		return this.lingerDeadline != 0 && System.nanoTime() - this.lingerDeadline < 0;
	}

	/**
	 * Called by this connecter's connection when it closed.
	 * @param connection the connection
	 * @param reconnect whether to connect again
	 */
	void connectionClosed(Connection connection, boolean reconnect) {
		if (this.current == connection) {
			this.current = null;
		}
		if (this.stopped && !(reconnect && lingering())) {
			detachPersistent();
			return;
		}
		if (reconnect) {
			scheduleRetry();
		}
		else if (!this.socket.isClosed()) {
			logger.warn("Socket '{}': the peer at {} refused the handshake; not reconnecting (check that both sides use "
					+ "the same security mechanism and compatible socket types)", this.socket.spec.name(), this.endpoint);
		}
	}

	private void scheduleRetry() {
		if ((this.stopped && !lingering()) || this.retry != null) {
			if (this.stopped && !lingering()) {
				detachPersistent();
			}
			return;
		}
		long base = this.intervalNanos;
		long jitter = (base >= 4) ? ThreadLocalRandom.current().nextLong(base / 4) : 0;
		long delay = base + jitter;
		long max = this.socket.spec.reconnectIntervalMax().toNanos();
		if (max > 0) {
			this.intervalNanos = Math.min(max, base * 2);
		}
		this.retry = this.io.schedule(delay, this::attempt);
		this.socket.event(SocketEventType.CONNECT_RETRIED, this.endpoint, (int) TimeUnit.NANOSECONDS.toMillis(delay));
	}

	@Override
	public void fail(Throwable failure) {
		SelectionKey current = this.key;
		if (current != null) {
			current.cancel();
		}
		closeQuietly(this.pending);
		this.pending = null;
		scheduleRetry();
	}

	@Override
	public String endpoint() {
		return this.endpoint;
	}

	@Override
	public String resolved() {
		return this.endpoint;
	}

	@Override
	public boolean connecting() {
		return true;
	}

	@Override
	public void close(long lingerNanos) {
		// On the I/O thread, with the linger decided in the same step: a retry failing in between must not take the
		// stop for a stop without linger (it would drop what is queued).
		this.io.execute(() -> {
			this.stopped = true;
			Connection connection = this.current;
			Link link = this.persistent;
			if (connection != null) {
				stopConnecting();
				connection.closeAfterFlush(lingerNanos);
			}
			else if (link != null && !link.outbound.isEmpty() && lingerNanos > 0) {
				// As libzmq: keep connecting during the linger to deliver what is queued.
				this.lingerDeadline = System.nanoTime() + lingerNanos;
				this.socket.driver.lingerStarted(this);
				this.io.schedule(lingerNanos, this::lingerExpired);
				if (this.pending == null && this.retry == null) {
					attempt();
				}
			}
			else {
				stopConnecting();
				detachPersistent();
			}
		});
	}

	private void lingerExpired() {
		this.lingerDeadline = 0;
		this.socket.driver.lingerEnded(this);
		if (this.current == null) {
			stopConnecting();
			detachPersistent();
		}
	}

	/** Cancels a scheduled retry and a connect in progress. */
	private void stopConnecting() {
		if (this.retry != null) {
			this.retry.cancel();
			this.retry = null;
		}
		SelectionKey current = this.key;
		if (current != null) {
			current.cancel();
		}
		closeQuietly(this.pending);
		this.pending = null;
	}

	private void detachPersistent() {
		this.socket.driver.lingerEnded(this);
		Link link = this.persistent;
		if (link != null) {
			this.socket.detach(link);
			int lost = link.outbound.clear();
			if (lost > 0) {
				logger.info("Socket '{}': {} message(s) queued for {} were dropped: no connection was up when the socket "
						+ "closed or disconnected", this.socket.spec.name(), lost, this.endpoint);
			}
		}
	}

	private static void closeQuietly(@Nullable SocketChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				logger.trace("Closing a channel failed", ex);
			}
		}
	}

}
