package io.github.zmqspring.core.internal.engine;

import java.io.IOException;
import java.net.BindException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.SocketEventReason;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.ZmqException;

/**
 * A bound tcp or ipc endpoint: accepts connections on its I/O thread and hands each to an I/O thread as a
 * {@link Connection}. At most {@code maxPendingHandshakes} accepted connections may be in their handshake at once;
 * past it the one whose handshake made no progress for the longest time is dropped, so a flood of idle or stalled
 * connections cannot lock out good peers, which advance their handshake at every round trip.
 */
final class Listener implements Endpoint, IoThread.Handler {

	private static final Logger logger = LoggerFactory.getLogger(Listener.class);

	private static final int BACKLOG = 1024;

	private static final int ACCEPTS_PER_WAKEUP = 128;

	private final ZmtpDriver driver;

	private final EngineSocket socket;

	private final String endpoint;

	private final Address address;

	private final IoThread io;

	private final ServerSocketChannel server;

	private final String resolved;

	private final ConcurrentLinkedDeque<Connection> handshaking = new ConcurrentLinkedDeque<>();

	private final AtomicInteger handshakingCount = new AtomicInteger();

	private @Nullable SelectionKey key;

	private Listener(ZmtpDriver driver, EngineSocket socket, String endpoint, Address address, IoThread io,
			ServerSocketChannel server, String resolved) {
		this.driver = driver;
		this.socket = socket;
		this.endpoint = endpoint;
		this.address = address;
		this.io = io;
		this.server = server;
		this.resolved = resolved;
	}

	/**
	 * Binds now (on the caller's thread, so that errors and the actual port are known at once) and starts accepting
	 * on the I/O thread.
	 */
	static Listener open(ZmtpDriver driver, EngineSocket socket, String endpoint, Address address, IoThread io) {
		ServerSocketChannel server = null;
		try {
			server = ServerSocketChannel.open(address.family());
			if (address.transport() == Address.Transport.TCP) {
				server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			}
			else {
				// As libzmq: a stale socket file left by a previous process is replaced.
				Files.deleteIfExists(Path.of(address.path()));
			}
			server.bind(address.socketAddress(), BACKLOG);
			server.configureBlocking(false);
			String resolved = Address.format(server.getLocalAddress());
			Listener listener = new Listener(driver, socket, endpoint, address, io, server, resolved);
			io.execute(listener::register);
			socket.event(SocketEventType.LISTENING, resolved, 0);
			return listener;
		}
		catch (IOException | RuntimeException ex) {
			if (server != null) {
				try {
					server.close();
				}
				catch (IOException closing) {
					ex.addSuppressed(closing);
				}
			}
			socket.event(SocketEventType.BIND_FAILED, endpoint, 0);
			String message = String.valueOf(ex.getMessage());
			String reason = !(ex instanceof BindException) ? message
					: message.contains("in use") ? "address already in use (is another process or socket bound to it?)"
							: "address not available on this host (" + message + ")";
			throw new ZmqException("socket '" + socket.spec.name() + "': cannot bind " + endpoint + ": " + reason, ex);
		}
	}

	private void register() {
		try {
			this.key = this.server.register(this.io.selector(), SelectionKey.OP_ACCEPT, this);
		}
		catch (IOException ex) {
			fail(ex);
		}
	}

	@Override
	public void ready(SelectionKey key) throws IOException {
		for (int i = 0; i < ACCEPTS_PER_WAKEUP; i++) {
			SocketChannel channel;
			try {
				channel = this.server.accept();
			}
			catch (IOException ex) {
				// Out of file descriptors, or the like: report and keep listening.
				this.socket.event(SocketEventType.ACCEPT_FAILED, this.resolved, 0);
				logger.warn("Socket '{}': accepting a connection on {} failed: {}", this.socket.spec.name(),
						this.resolved, ex.getMessage());
				return;
			}
			if (channel == null) {
				return;
			}
			accepted(channel);
		}
	}

	private void accepted(SocketChannel channel) throws IOException {
		channel.configureBlocking(false);
		String peer = this.resolved;
		if (this.address.transport() == Address.Transport.TCP) {
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			Boolean keepAlive = this.socket.spec.tcpKeepAlive();
			if (keepAlive != null) {
				channel.setOption(StandardSocketOptions.SO_KEEPALIVE, keepAlive);
			}
			peer = Address.format(channel.getRemoteAddress());
		}
		this.socket.event(SocketEventType.ACCEPTED, peer, 0);
		IoThread target = this.driver.nextIo();
		Connection connection = new Connection(target, channel, this.socket, null, this, peer);
		this.handshaking.add(connection);
		if (this.handshakingCount.incrementAndGet() > this.socket.spec.maxPendingHandshakes()) {
			Connection stalled = mostStalled();
			if (stalled != null && this.handshaking.remove(stalled)) {
				this.handshakingCount.decrementAndGet();
				stalled.abort(SocketEventType.HANDSHAKE_FAILED, SocketEventReason.LIMIT_EXCEEDED, "more than "
						+ this.socket.spec.maxPendingHandshakes() + " connections in their handshake "
						+ "(max-pending-handshakes): this one made no progress for the longest time and is dropped",
						false);
			}
		}
		target.execute(() -> {
			try {
				connection.start(null);
			}
			catch (IOException ex) {
				connection.fail(ex);
			}
		});
	}

	/** @return the handshaking connection whose last handshake step is the oldest (the first such, on a tie) */
	private @Nullable Connection mostStalled() {
		Connection stalled = null;
		long oldest = 0;
		for (Connection candidate : this.handshaking) {
			long progress = candidate.handshakeProgress();
			if (stalled == null || progress - oldest < 0) {
				stalled = candidate;
				oldest = progress;
			}
		}
		return stalled;
	}

	/**
	 * Called by a connection whose handshake ended (succeeded, failed or closed).
	 * @param connection the connection
	 */
	void handshakeDone(Connection connection) {
		if (this.handshaking.remove(connection)) {
			this.handshakingCount.decrementAndGet();
		}
	}

	@Override
	public void fail(Throwable failure) {
		logger.warn("Socket '{}': the listener on {} failed and is closed: {}", this.socket.spec.name(), this.resolved,
				failure.toString());
		closeNow();
	}

	@Override
	public String endpoint() {
		return this.endpoint;
	}

	@Override
	public String resolved() {
		return this.resolved;
	}

	@Override
	public boolean connecting() {
		return false;
	}

	@Override
	public void close(long lingerNanos) {
		this.io.execute(this::closeNow);
	}

	private void closeNow() {
		SelectionKey current = this.key;
		if (current != null) {
			current.cancel();
		}
		try {
			this.server.close();
			if (this.address.transport() == Address.Transport.IPC) {
				Files.deleteIfExists(Path.of(this.address.path()));
			}
		}
		catch (IOException ex) {
			logger.debug("Closing the listener on {} failed", this.resolved, ex);
		}
		Connection pending;
		while ((pending = this.handshaking.poll()) != null) {
			pending.abort(SocketEventType.DISCONNECTED, "the socket closed during the handshake", false);
		}
		this.socket.event(SocketEventType.CLOSED, this.resolved, 0);
	}

}
