package io.github.zmqspring.core.internal.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
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
import io.github.zmqspring.core.internal.zmtp.ZmtpGreeting;

/**
 * The handshake slots of one {@link Listener}: at most {@code maxPendingHandshakes} accepted connections in their
 * handshake at once, and the newcomers that wait for a slot.
 * <p>
 * At the cap newcomers wait: up to {@value #WAITING_MAX} accepted ones here, the rest in the kernel's listen backlog
 * (the listener stops accepting meanwhile). A slot that frees goes to the oldest waiting newcomer that has sent
 * something (a ZMTP peer sends its greeting as it connects), else to the oldest. A handshake that made no progress for
 * the {@linkplain #grace grace} (a second, or half the handshake interval when that is shorter) gives its slot up to a
 * waiting newcomer that has sent something, and is dropped as {@link SocketEventReason#LIMIT_EXCEEDED}; unless our
 * READY already went out (NULL sends it right after the greetings), as the peer may then have completed its side and
 * written a request that dropping the connection would lose: that one waits for its handshake deadline. While a
 * handshake stalled past the grace holds a slot, a newcomer that has sent nothing {@value #PROBATION_MILLIS} ms after
 * it was accepted is refused, also as LIMIT_EXCEEDED (a good peer loses nothing by it: it reconnects).
 * <p>
 * So a burst of good clients many times the cap is served in turn instead of churning (a client dropped mid-handshake
 * reconnects, and loses the request it already wrote when its side of the handshake was complete); a flood of
 * connections that never handshake holds each slot for a grace at most (a NULL peer that sends its greeting and stalls,
 * for the handshake interval), and its idle newcomers are refused rather than left to fill the backlog ahead of good
 * peers.
 * <p>
 * Confined to the listener's I/O thread, except {@link #started} and {@link #handshakeDone}.
 */
final class HandshakeSlots {

	private static final Logger logger = LoggerFactory.getLogger(HandshakeSlots.class);

	/** Newcomers accepted at the cap that wait here for a slot; past it the listener stops accepting. */
	static final int WAITING_MAX = 1024;

	/** How long a newcomer that sent nothing may wait before it is refused while a stalled handshake holds a slot. */
	static final long PROBATION_MILLIS = 250;

	private static final long PROBATION_NANOS = TimeUnit.MILLISECONDS.toNanos(PROBATION_MILLIS);

	/** The longest grace a stalled handshake has before a waiting newcomer may take its slot. */
	private static final long MAX_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

	/** At most one INFO line per this interval about the cap. */
	private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	/** What the listener does for its slots. */
	interface Door {

		/**
		 * Starts a connection's handshake; the connection takes a slot ({@link #started}).
		 * @param channel the accepted channel
		 * @param early what it sent while it waited (read mode), or {@code null}
		 * @throws IOException when the channel failed
		 */
		void start(SocketChannel channel, @Nullable ByteBuffer early) throws IOException;

		/**
		 * Accepts newcomers again, or stops.
		 * @param on whether to accept
		 */
		void accepting(boolean on);

		/**
		 * @param channel an accepted channel
		 * @return its peer's address, for events
		 * @throws IOException when the channel failed
		 */
		String peerOf(SocketChannel channel) throws IOException;

	}

	private final EngineSocket socket;

	private final IoThread io;

	private final String resolved;

	private final Door door;

	private final int max;

	private final long graceNanos;

	private final ConcurrentLinkedDeque<Connection> pending = new ConcurrentLinkedDeque<>();

	private final AtomicInteger pendingCount = new AtomicInteger();

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

	private long lastLog;

	private int droppedSinceLog;

	private int refusedSinceLog;

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

	HandshakeSlots(EngineSocket socket, IoThread io, String resolved, Door door) {
		this.socket = socket;
		this.io = io;
		this.resolved = resolved;
		this.door = door;
		this.max = socket.spec.maxPendingHandshakes();
		this.graceNanos = grace(socket.spec.handshakeInterval().toNanos());
		this.lastLog = System.nanoTime() - LOG_INTERVAL_NANOS;
	}

	/**
	 * @param handshakeNanos the handshake interval, 0 for none
	 * @return a second, or half the handshake interval when that is shorter
	 */
	static long grace(long handshakeNanos) {
		return (handshakeNanos > 0) ? Math.max(1, Math.min(MAX_GRACE_NANOS, handshakeNanos / 2)) : MAX_GRACE_NANOS;
	}

	/** @return whether a newcomer can start at once: a slot is free and nobody waits */
	boolean hasRoom() {
		return this.waiting.isEmpty() && this.pendingCount.get() < this.max;
	}

	/**
	 * A connection started its handshake: it holds a slot until {@link #handshakeDone} (thread-safe).
	 * @param connection the connection
	 */
	void started(Connection connection) {
		this.pending.add(connection);
		this.pendingCount.incrementAndGet();
	}

	/**
	 * A connection's handshake ended (succeeded, failed or closed), on any I/O thread: its slot is free.
	 * @param connection the connection
	 */
	void handshakeDone(Connection connection) {
		if (this.pending.remove(connection)) {
			this.pendingCount.decrementAndGet();
			if (this.anyWaiting && this.serveQueued.compareAndSet(false, true)) {
				this.io.execute(this::serve);
			}
		}
	}

	/**
	 * A newcomer that found no room ({@link #hasRoom()}): decided about at once if nobody waits, else made to wait.
	 * @param channel the accepted channel, non-blocking
	 */
	void take(SocketChannel channel) {
		this.waiting.add(new Newcomer(channel, System.nanoTime()));
		this.anyWaiting = true;
		logAtCap();
		if (this.waiting.size() == 1) {
			serve();
			return;
		}
		if (this.waiting.size() >= WAITING_MAX) {
			this.paused = true;
			this.door.accepting(false);
		}
		// A handshake may have ended before the flag was up: handshakeDone reads it after its decrement, so one of the
		// two sees the other.
		if (this.pendingCount.get() < this.max) {
			serve();
		}
		else if (this.timer == null) {
			armTimer();
		}
	}

	/**
	 * A pass over the waiting newcomers, oldest first: free slots go to those that sent something, then to the others
	 * in turn; at the cap one that sent something takes the slot of a handshake stalled past the grace (if dropping it
	 * loses nothing), and one that sent nothing within its probation is refused while a stalled handshake holds a
	 * slot; the others wait on.
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
		boolean atCap = this.pendingCount.get() >= this.max;
		Connection stalled = atCap ? mostStalled(false) : null;
		Connection droppable = atCap ? mostStalled(true) : null;
		for (Iterator<Newcomer> it = this.waiting.iterator(); it.hasNext();) {
			Newcomer newcomer = it.next();
			boolean free = this.pendingCount.get() < this.max;
			boolean held = !free && stalledPastGrace(stalled, now);
			if (!free && !held) {
				// No slot, none stalled: nothing this one or any one behind it could do now; leave them unread.
				break;
			}
			boolean takeable = !free && stalledPastGrace(droppable, now);
			try {
				if (newcomer.spoke()) {
					if (free || takeable) {
						it.remove();
						if (!free) {
							drop(Objects.requireNonNull(droppable), now);
						}
						this.door.start(newcomer.channel, newcomer.early.flip());
						stalled = mostStalled(false);
						droppable = mostStalled(true);
					}
				}
				else if (now - newcomer.since >= PROBATION_NANOS && !free) {
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
		while (!this.waiting.isEmpty() && this.pendingCount.get() < this.max) {
			Newcomer newcomer = this.waiting.poll();
			try {
				this.door.start(newcomer.channel, newcomer.early.flip());
			}
			catch (IOException ex) {
				lost(newcomer.channel, ex);
			}
		}
		this.anyWaiting = !this.waiting.isEmpty();
		if (this.paused && this.waiting.size() < WAITING_MAX) {
			this.paused = false;
			this.door.accepting(true);
		}
		if (this.anyWaiting) {
			armTimer();
		}
	}

	private boolean stalledPastGrace(@Nullable Connection connection, long now) {
		return connection != null && now - connection.handshake().progress() >= this.graceNanos;
	}

	/** Arms the next pass: when the most stalled handshake's grace ends, or a probation ends once one has stalled. */
	private void armTimer() {
		if (this.timer != null) {
			this.timer.cancel();
		}
		Connection stalled = mostStalled(false);
		long wait = (stalled != null) ? stalled.handshake().progress() + this.graceNanos - System.nanoTime()
				: this.graceNanos;
		this.timer = this.io.schedule(Math.max(PROBATION_NANOS, wait), () -> {
			this.timer = null;
			serve();
		});
	}

	/**
	 * @param droppableOnly only handshakes that may be dropped ({@link Handshake#droppable()})
	 * @return the started pending handshake whose last step is the oldest (the first such, on a tie), or {@code null}
	 */
	private @Nullable Connection mostStalled(boolean droppableOnly) {
		if (this.pendingCount.get() < this.max) {
			return null;
		}
		Connection stalled = null;
		long oldest = 0;
		for (Connection candidate : this.pending) {
			Handshake handshake = candidate.handshake();
			long progress = handshake.progress();
			if ((stalled == null || progress - oldest < 0) && handshake.started()
					&& (!droppableOnly || handshake.droppable())) {
				stalled = candidate;
				oldest = progress;
			}
		}
		return stalled;
	}

	/**
	 * Drops a pending handshake that stalled, for a newcomer: its slot is free at once. Should its handshake have moved
	 * on before the drop runs on its I/O thread, it is kept and takes a slot again (the cap is passed by one a moment).
	 */
	private void drop(Connection stalled, long now) {
		if (this.pending.remove(stalled)) {
			this.pendingCount.decrementAndGet();
			this.droppedSinceLog++;
			long progress = stalled.handshake().progress();
			String detail = this.max + " connections in their handshake (max-pending-handshakes): this one made no "
					+ "progress for " + TimeUnit.NANOSECONDS.toMillis(now - progress) + " ms, the longest, and is dropped "
					+ "for a newcomer";
			stalled.handshake().dropStalled(progress, detail, () -> started(stalled));
		}
		// Else its handshake just ended: either way a slot is free.
	}

	/** Refuses a newcomer that sent nothing, reported as its handshake failing on the limit. */
	private void refuse(SocketChannel channel) throws IOException {
		String peer = this.door.peerOf(channel);
		closeQuietly(channel);
		this.refusedSinceLog++;
		logger.debug("Socket '{}': refused the connection from {}: it sent nothing while {} connections are in their "
				+ "handshake (max-pending-handshakes), one stalled", this.socket.spec.name(), peer, this.max);
		this.socket.event(SocketEventType.ACCEPTED, peer, 0);
		this.socket.event(SocketEventType.HANDSHAKE_FAILED, peer, 0, SocketEventReason.LIMIT_EXCEEDED);
		this.socket.event(SocketEventType.DISCONNECTED, peer, 0, SocketEventReason.LIMIT_EXCEEDED);
	}

	/**
	 * A connection that failed before its handshake started (reset, or closed while it waited): the listener goes on.
	 * @param channel the channel
	 * @param ex why
	 */
	void lost(SocketChannel channel, IOException ex) {
		logger.debug("Socket '{}': a connection accepted on {} was lost before its handshake: {}",
				this.socket.spec.name(), this.resolved, ex.toString());
		closeQuietly(channel);
	}

	private void logAtCap() {
		long now = System.nanoTime();
		if (now - this.lastLog < LOG_INTERVAL_NANOS) {
			return;
		}
		this.lastLog = now;
		logger.info("Socket '{}': {} connections are in their handshake on {} (max-pending-handshakes): newcomers wait "
				+ "until one completes, or stalls for {} ms (in the last 10 s: {} stalled handshake(s) dropped, {} "
				+ "newcomer(s) that sent nothing refused)", this.socket.spec.name(), this.max, this.resolved,
				TimeUnit.NANOSECONDS.toMillis(this.graceNanos), this.droppedSinceLog, this.refusedSinceLog);
		this.droppedSinceLog = 0;
		this.refusedSinceLog = 0;
	}

	/** Closes the waiting newcomers and drops the pending handshakes (the listener closed). */
	void close() {
		this.closed = true;
		if (this.timer != null) {
			this.timer.cancel();
			this.timer = null;
		}
		Newcomer newcomer;
		while ((newcomer = this.waiting.poll()) != null) {
			closeQuietly(newcomer.channel);
		}
		this.anyWaiting = false;
		Connection connection;
		while ((connection = this.pending.poll()) != null) {
			connection.abort(SocketEventType.DISCONNECTED, "the socket closed during the handshake", false);
		}
	}

	static void closeQuietly(@Nullable SocketChannel channel) {
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
