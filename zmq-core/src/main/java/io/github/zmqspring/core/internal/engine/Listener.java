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
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.SocketEventReason;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqException;
import io.github.zmqspring.core.internal.zmtp.ZmtpGreeting;

/**
 * A bound tcp or ipc endpoint: accepts connections on its I/O thread and hands each to an I/O thread as a
 * {@link Connection}.
 * <p>
 * At most {@code maxPendingHandshakes} accepted connections may be in their handshake at once. At the cap newcomers
 * wait: up to {@value #WAITING_MAX} accepted ones here, the rest in the kernel's listen backlog (the listener stops
 * accepting meanwhile). A slot that frees goes to the oldest waiting newcomer that has sent something (a ZMTP peer
 * sends its greeting as it connects), else to the oldest. A handshake that made no progress for the
 * {@linkplain #grace grace} (a second, or half the handshake interval when that is shorter) gives its slot up to a
 * waiting newcomer that has sent something, and is dropped as {@link SocketEventReason#LIMIT_EXCEEDED}. While such a
 * stalled handshake holds a slot, a newcomer that has sent nothing {@value #PROBATION_MILLIS} ms after it was accepted
 * is refused, also as LIMIT_EXCEEDED (a good peer loses nothing by it: it reconnects).
 * <p>
 * So a burst of good clients many times the cap is served in turn instead of churning (a client dropped mid-handshake
 * reconnects, and loses the request it already wrote when its side of the handshake was complete); a flood of
 * connections that never handshake holds each slot for a grace at most, and its idle newcomers are refused rather
 * than left to fill the backlog ahead of good peers.
 * <p>
 * Confined to its I/O thread, except {@link #handshakeDone} and {@link #close(long)}.
 */
final class Listener implements Endpoint, IoThread.Handler {

	private static final Logger logger = LoggerFactory.getLogger(Listener.class);

	/** The listen backlog at least (the kernel caps it: {@code net.core.somaxconn}, 4096 on Linux 5.4+). */
	private static final int BACKLOG = 1024;

	private static final int ACCEPTS_PER_WAKEUP = 128;

	/** Newcomers accepted at the cap that wait here for a slot; past it the listener stops accepting. */
	static final int WAITING_MAX = 1024;

	/** How long a newcomer that sent nothing may wait before it is refused while a stalled handshake holds a slot. */
	static final long PROBATION_MILLIS = 50;

	private static final long PROBATION_NANOS = TimeUnit.MILLISECONDS.toNanos(PROBATION_MILLIS);

	/** The longest grace a stalled handshake has before a waiting newcomer may take its slot. */
	private static final long MAX_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

	/** At most one INFO line per this interval about the cap. */
	private static final long CAP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final ZmtpDriver driver;

	private final EngineSocket socket;

	private final String endpoint;

	private final Address address;

	private final IoThread io;

	private final ServerSocketChannel server;

	private final String resolved;

	/** Whether accepted connections count against the cap: a STREAM socket's have no handshake. */
	private final boolean counted;

	private final int maxPending;

	/** How long a pending handshake may make no progress before a waiting newcomer may take its slot. */
	private final long graceNanos;

	private final ConcurrentLinkedDeque<Connection> handshaking = new ConcurrentLinkedDeque<>();

	private final AtomicInteger handshakingCount = new AtomicInteger();

	/** Newcomers accepted at the cap, oldest first. */
	private final ArrayDeque<Newcomer> waiting = new ArrayDeque<>();

	/** Whether newcomers wait (written on the I/O thread, read by the threads that end handshakes). */
	private volatile boolean anyWaiting;

	/** A pass over the waiting newcomers is queued on the I/O thread. */
	private final AtomicBoolean serveQueued = new AtomicBoolean();

	/** Not accepting: {@value #WAITING_MAX} newcomers wait. */
	private boolean paused;

	/** The next pass over the waiting newcomers: when a grace or a probation ends. */
	private IoThread.@Nullable Timer timer;

	private boolean closed;

	private long lastCapLog;

	private int droppedSinceLog;

	private int refusedSinceLog;

	private @Nullable SelectionKey key;

	/** A connection accepted at the cap, and what it sent so far. */
	private static final class Newcomer {

		final SocketChannel channel;

		final ByteBuffer early = ByteBuffer.allocate(ZmtpGreeting.SIZE);

		final long since;

		Newcomer(SocketChannel channel, long since) {
			this.channel = channel;
			this.since = since;
		}

		/** @return whether it sent something; reads what came meanwhile */
		boolean spoke() throws IOException {
			if (this.early.position() == 0 && this.channel.read(this.early) < 0) {
				throw new IOException("closed by the peer while it waited for a handshake slot");
			}
			return this.early.position() > 0;
		}

	}

	private Listener(ZmtpDriver driver, EngineSocket socket, String endpoint, Address address, IoThread io,
			ServerSocketChannel server, String resolved) {
		this.driver = driver;
		this.socket = socket;
		this.endpoint = endpoint;
		this.address = address;
		this.io = io;
		this.server = server;
		this.resolved = resolved;
		this.counted = socket.type != SocketType.STREAM;
		this.maxPending = socket.spec.maxPendingHandshakes();
		this.graceNanos = grace(socket.spec.handshakeInterval().toNanos());
		this.lastCapLog = System.nanoTime() - CAP_LOG_INTERVAL_NANOS;
	}

	/**
	 * @param handshakeNanos the handshake interval, 0 for none
	 * @return a second, or half the handshake interval when that is shorter
	 */
	static long grace(long handshakeNanos) {
		return (handshakeNanos > 0) ? Math.max(1, Math.min(MAX_GRACE_NANOS, handshakeNanos / 2)) : MAX_GRACE_NANOS;
	}

	/** @return the listen backlog for a socket: at least {@link #BACKLOG}, at least its handshake cap */
	static int backlog(int maxPendingHandshakes) {
		return Math.max(BACKLOG, maxPendingHandshakes);
	}

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
		for (int i = 0; i < ACCEPTS_PER_WAKEUP && !this.paused; i++) {
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
			take(channel);
		}
	}

	/** A newcomer: started when there is room and nobody waits, else decided about at once or made to wait. */
	private void take(SocketChannel channel) {
		try {
			channel.configureBlocking(false);
			if (!this.counted || (this.waiting.isEmpty() && this.handshakingCount.get() < this.maxPending)) {
				accepted(channel, null);
				return;
			}
		}
		catch (IOException ex) {
			lost(channel, ex);
			return;
		}
		Newcomer newcomer = new Newcomer(channel, System.nanoTime());
		this.waiting.add(newcomer);
		this.anyWaiting = true;
		logAtCap();
		if (this.waiting.size() == 1) {
			serve();
			return;
		}
		if (this.waiting.size() >= WAITING_MAX) {
			this.paused = true;
			interest(0);
		}
		// A handshake may have ended before the flag was up: handshakeDone reads it after its decrement, so one of the
		// two sees the other.
		if (this.handshakingCount.get() < this.maxPending) {
			serve();
		}
		else if (this.timer == null) {
			armTimer();
		}
	}

	/**
	 * A pass over the waiting newcomers, oldest first. Free slots go to those that sent something (the start of a
	 * greeting), then to the others in turn. At the cap a newcomer that sent something takes the slot of a handshake
	 * that stalled past the grace, and one that sent nothing within its probation is refused while such a handshake
	 * holds a slot; the others wait on.
	 */
	private void serve() {
		this.serveQueued.set(false);
		if (this.closed) {
			return;
		}
		if (this.timer != null) {
			this.timer.cancel();
			this.timer = null;
		}
		long now = System.nanoTime();
		Connection stalled = atCapStalled();
		for (Iterator<Newcomer> it = this.waiting.iterator(); it.hasNext();) {
			Newcomer newcomer = it.next();
			boolean free = this.handshakingCount.get() < this.maxPending;
			boolean takeable = !free && stalled != null && now - stalled.handshakeProgress() >= this.graceNanos;
			if (!free && !takeable) {
				// Nothing this one or any younger one behind it could do now: leave them unread.
				break;
			}
			try {
				if (newcomer.spoke()) {
					it.remove();
					if (!free) {
						evict(Objects.requireNonNull(stalled), now);
					}
					accepted(newcomer.channel, newcomer.early.flip());
					stalled = atCapStalled();
				}
				else if (takeable && now - newcomer.since >= PROBATION_NANOS) {
					it.remove();
					refuse(newcomer.channel);
				}
			}
			catch (IOException ex) {
				it.remove();
				lost(newcomer.channel, ex);
			}
		}
		// Slots still free: to the silent ones in turn (a good peer's greeting may still be on its way).
		while (!this.waiting.isEmpty() && this.handshakingCount.get() < this.maxPending) {
			Newcomer newcomer = this.waiting.poll();
			try {
				accepted(newcomer.channel, newcomer.early.flip());
			}
			catch (IOException ex) {
				lost(newcomer.channel, ex);
			}
		}
		this.anyWaiting = !this.waiting.isEmpty();
		if (this.paused && this.waiting.size() < WAITING_MAX) {
			this.paused = false;
			interest(SelectionKey.OP_ACCEPT);
		}
		if (this.anyWaiting) {
			armTimer();
		}
	}

	/** Arms the next pass: when the most stalled handshake's grace ends, or a probation ends once one has stalled. */
	private void armTimer() {
		if (this.timer != null) {
			this.timer.cancel();
		}
		Connection stalled = mostStalled();
		long wait = (stalled != null) ? stalled.handshakeProgress() + this.graceNanos - System.nanoTime()
				: this.graceNanos;
		this.timer = this.io.schedule(Math.max(PROBATION_NANOS, wait), () -> {
			this.timer = null;
			serve();
		});
	}

	private void accepted(SocketChannel channel, @Nullable ByteBuffer early) throws IOException {
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
		if (this.counted) {
			this.handshaking.add(connection);
			this.handshakingCount.incrementAndGet();
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

	private String peerOf(SocketChannel channel) throws IOException {
		return (this.address.transport() == Address.Transport.TCP) ? Address.format(channel.getRemoteAddress())
				: this.resolved;
	}

	/** A connection that failed before it started (reset, or closed while it waited): the listener goes on. */
	private void lost(SocketChannel channel, IOException ex) {
		logger.debug("Socket '{}': a connection accepted on {} was lost before its handshake: {}",
				this.socket.spec.name(), this.resolved, ex.toString());
		closeQuietly(channel);
	}

	/** Refuses a newcomer that sent nothing, reported as its handshake failing on the limit. */
	private void refuse(SocketChannel channel) throws IOException {
		String peer = peerOf(channel);
		closeQuietly(channel);
		this.refusedSinceLog++;
		logger.debug("Socket '{}': refused the connection from {}: it sent nothing while {} connections are in their "
				+ "handshake (max-pending-handshakes), one stalled", this.socket.spec.name(), peer, this.maxPending);
		this.socket.event(SocketEventType.ACCEPTED, peer, 0);
		this.socket.event(SocketEventType.HANDSHAKE_FAILED, peer, 0, SocketEventReason.LIMIT_EXCEEDED);
		this.socket.event(SocketEventType.DISCONNECTED, peer, 0, SocketEventReason.LIMIT_EXCEEDED);
	}

	/** Drops a pending handshake that stalled for a newcomer. */
	private void evict(Connection stalled, long now) {
		if (this.handshaking.remove(stalled)) {
			this.handshakingCount.decrementAndGet();
			this.droppedSinceLog++;
			stalled.abort(SocketEventType.HANDSHAKE_FAILED, SocketEventReason.LIMIT_EXCEEDED, this.maxPending
					+ " connections in their handshake (max-pending-handshakes): this one made no progress for "
					+ TimeUnit.NANOSECONDS.toMillis(now - stalled.handshakeProgress())
					+ " ms, the longest, and is dropped for a newcomer", false);
		}
		// Else its handshake just ended: either way a slot is free.
	}

	/** @return the most stalled pending handshake when at the cap (only then is it needed), else {@code null} */
	private @Nullable Connection atCapStalled() {
		return (this.handshakingCount.get() >= this.maxPending) ? mostStalled() : null;
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

	private void interest(int ops) {
		SelectionKey current = this.key;
		if (current != null && current.isValid()) {
			current.interestOps(ops);
		}
	}

	private void logAtCap() {
		long now = System.nanoTime();
		if (now - this.lastCapLog < CAP_LOG_INTERVAL_NANOS) {
			return;
		}
		this.lastCapLog = now;
		logger.info("Socket '{}': {} connections are in their handshake on {} (max-pending-handshakes): newcomers wait "
				+ "until one completes, or stalls for {} ms (in the last 10 s: {} stalled handshake(s) dropped, {} "
				+ "newcomer(s) that sent nothing refused)", this.socket.spec.name(), this.maxPending, this.resolved,
				TimeUnit.NANOSECONDS.toMillis(this.graceNanos), this.droppedSinceLog, this.refusedSinceLog);
		this.droppedSinceLog = 0;
		this.refusedSinceLog = 0;
	}

	/**
	 * Called by a connection whose handshake ended (succeeded, failed or closed), on any I/O thread.
	 * @param connection the connection
	 */
	void handshakeDone(Connection connection) {
		if (this.handshaking.remove(connection)) {
			this.handshakingCount.decrementAndGet();
			if (this.anyWaiting && this.serveQueued.compareAndSet(false, true)) {
				this.io.execute(this::serve);
			}
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
		this.closed = true;
		if (this.timer != null) {
			this.timer.cancel();
			this.timer = null;
		}
		Newcomer newcomer;
		while ((newcomer = this.waiting.poll()) != null) {
			closeQuietly(newcomer.channel);
		}
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
