package io.github.zmqspring.core.internal.engine;

import java.io.IOException;
import java.net.BindException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqException;

/**
 * A bound tcp or ipc endpoint: accepts connections on its I/O thread and hands each to an I/O thread as a
 * {@link Connection}. Its {@link HandshakeSlots} bound how many are in their handshake at once: past
 * {@code maxPendingHandshakes} newcomers wait for a slot (the listener stops accepting while too many wait), stalled
 * handshakes give theirs up, and idle newcomers are refused while a stalled handshake holds a slot.
 * <p>
 * Confined to its I/O thread, except {@link #handshakeDone} and {@link #close(long)}.
 */
final class Listener implements Endpoint, IoThread.Handler, HandshakeSlots.Door {

	private static final Logger logger = LoggerFactory.getLogger(Listener.class);

	/** The listen backlog at least (the kernel caps it: {@code net.core.somaxconn}, 4096 on Linux 5.4+). */
	private static final int BACKLOG = 1024;

	private static final int ACCEPTS_PER_WAKEUP = 128;

	private final ZmtpDriver driver;

	private final EngineSocket socket;

	private final String endpoint;

	private final Address address;

	private final IoThread io;

	private final ServerSocketChannel server;

	private final String resolved;

	/** The handshake slots, or {@code null} for a STREAM socket (its connections have no handshake). */
	private final @Nullable HandshakeSlots slots;

	private boolean accepting = true;

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
		this.slots = (socket.type != SocketType.STREAM) ? new HandshakeSlots(socket, io, resolved, this) : null;
	}

	/** @return the listen backlog for a socket: at least {@link #BACKLOG}, at least its handshake cap */
	static int backlog(int maxPendingHandshakes) {
		return Math.max(BACKLOG, maxPendingHandshakes);
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
			server.bind(address.socketAddress(), backlog(socket.spec.maxPendingHandshakes()));
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
	public void ready(SelectionKey key) {
		for (int i = 0; i < ACCEPTS_PER_WAKEUP && this.accepting; i++) {
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
			HandshakeSlots handshakes = this.slots;
			try {
				channel.configureBlocking(false);
				if (handshakes == null || handshakes.hasRoom()) {
					start(channel, null);
				}
				else {
					handshakes.take(channel);
				}
			}
			catch (IOException ex) {
				// This connection alone (reset while it waited in the backlog): the listener goes on.
				logger.debug("Socket '{}': a connection accepted on {} failed at once: {}", this.socket.spec.name(),
						this.resolved, ex.toString());
				HandshakeSlots.closeQuietly(channel);
			}
		}
	}

	@Override
	public void start(SocketChannel channel, @Nullable ByteBuffer early) throws IOException {
		String peer = peerOf(channel);
		if (this.address.transport() == Address.Transport.TCP) {
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			Boolean keepAlive = this.socket.spec.tcpKeepAlive();
			if (keepAlive != null) {
				channel.setOption(StandardSocketOptions.SO_KEEPALIVE, keepAlive);
			}
		}
		this.socket.event(SocketEventType.ACCEPTED, peer, 0);
		IoThread target = this.driver.nextIo();
		Connection connection = new Connection(target, channel, this.socket, null, this, peer);
		if (this.slots != null) {
			this.slots.started(connection);
		}
		target.execute(() -> {
			try {
				connection.start(null, early);
			}
			catch (IOException ex) {
				connection.fail(ex);
			}
		});
	}

	@Override
	public String peerOf(SocketChannel channel) throws IOException {
		return (this.address.transport() == Address.Transport.TCP) ? Address.format(channel.getRemoteAddress())
				: this.resolved;
	}

	@Override
	public void accepting(boolean on) {
		this.accepting = on;
		SelectionKey current = this.key;
		if (current != null && current.isValid()) {
			current.interestOps(on ? SelectionKey.OP_ACCEPT : 0);
		}
	}

	/**
	 * Called by a connection whose handshake ended (succeeded, failed or closed), on any I/O thread.
	 * @param connection the connection
	 */
	void handshakeDone(Connection connection) {
		if (this.slots != null) {
			this.slots.handshakeDone(connection);
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
		if (this.slots != null) {
			this.slots.close();
		}
		this.socket.event(SocketEventType.CLOSED, this.resolved, 0);
	}

}
