package io.github.zmqspring.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.SocketState;
import io.github.zmqspring.core.SocketStats;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSecurity;

/**
 * What the engine's sockets share: a {@link SocketLoop}, counters, an optional {@link Dispatcher} and the graceful
 * close sequence (stop receiving, let in-flight work finish, deliver queued messages within the linger, close on the
 * owner thread).
 */
abstract class AbstractManagedSocket implements ManagedSocket {

	private static final Logger logger = LoggerFactory.getLogger(AbstractManagedSocket.class);

	/** Extra time a close waits for the owner thread beyond the linger. */
	static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

	/** How long without a received message counts as drained, for sockets that drain on close. */
	static final Duration QUIET = Duration.ofMillis(50);

	final SocketLoop loop;

	final SocketCounters counters;

	final Dispatcher dispatcher;

	private final Consumer<ManagedSocket> onClosed;

	private volatile boolean closed;

	AbstractManagedSocket(SocketLoop loop, SocketCounters counters, Dispatcher dispatcher,
			Consumer<ManagedSocket> onClosed) {
		this.loop = loop;
		this.counters = counters;
		this.dispatcher = dispatcher;
		this.onClosed = onClosed;
		dispatcher.attach(loop);
	}

	@Override
	public String name() {
		return this.loop.spec().name();
	}

	@Override
	public SocketType type() {
		return this.loop.spec().type();
	}

	@Override
	public SocketState state() {
		return this.loop.state();
	}

	@Override
	public @Nullable Throwable failure() {
		return this.loop.failure();
	}

	@Override
	public List<String> boundEndpoints() {
		return this.loop.boundEndpoints();
	}

	@Override
	public List<String> connectedEndpoints() {
		return this.loop.connectedEndpoints();
	}

	@Override
	public void updateSecurity(ZmqSecurity security) {
		this.loop.updateSecurity(security);
	}

	@Override
	public SocketStats stats() {
		return this.counters.snapshot();
	}

	@Override
	public int connectedPeers() {
		DriverSocket socket = this.loop.driverSocket();
		return (socket != null) ? socket.connectedPeers() : 0;
	}

	@Override
	public int queuedMessages() {
		DriverSocket socket = this.loop.driverSocket();
		return (socket != null) ? socket.queuedMessages() : 0;
	}

	@Override
	public void pause() {
		this.loop.receiving().hold(true);
		this.loop.wake();
	}

	@Override
	public void resume() {
		this.loop.receiving().hold(false);
		this.loop.wake();
	}

	@Override
	public boolean isPaused() {
		return this.loop.receiving().held();
	}

	/**
	 * Whether a close first takes what peers already routed to the socket (until quiet, at most the linger), then
	 * stops taking messages and lets the socket handle every message it received (work queues and servers), within
	 * the linger plus {@link #CLOSE_GRACE}.
	 * @return {@code true} for sockets whose queued messages would otherwise be lost
	 */
	boolean drainsOnClose() {
		return false;
	}

	/**
	 * Takes what peers already routed to the socket until they are quiet (or for the linger), then stops taking
	 * messages and lets the socket hand out every message it received.
	 * @param deadline the {@link System#nanoTime()} to wait until at most
	 * @return how many received messages are still queued at the deadline (abandoned)
	 */
	private int drainReceived(long deadline) {
		DriverSocket socket = this.loop.driverSocket();
		if (socket == null) {
			return 0;
		}
		// First what peers already routed here (their queues, the network), until they are quiet or the linger ran
		// out; then nothing more is taken, and what was received is handled.
		long lingerEnd = System.nanoTime() + this.loop.spec().linger().toNanos();
		this.loop.awaitQuiet(QUIET.toNanos(), (lingerEnd - deadline < 0) ? lingerEnd : deadline);
		socket.stopTakingMessages();
		while (true) {
			// Quiet: nothing taken for a while and no batch running; messages may still wait behind busy workers.
			boolean quiet = this.loop.awaitQuiet(QUIET.toNanos(), deadline);
			int left = socket.queuedInbound();
			if (left == 0 || !quiet || this.loop.state() != SocketState.RUNNING) {
				return left;
			}
			LockSupport.parkNanos(QUIET.toNanos() / 4);
		}
	}

	/**
	 * Waits for work that completes after its handler returned (a server's asynchronous replies), while the loop
	 * still sends.
	 * @param deadline the {@link System#nanoTime()} to wait until at most
	 * @return how many are still outstanding at the deadline (abandoned)
	 */
	int awaitOutstanding(long deadline) {
		return 0;
	}

	/** Called once the loop ended, before the socket leaves the engine. */
	void afterClose() {
	}

	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		Duration linger = this.loop.spec().linger();
		// Stop taking messages, handle what was received, stop receiving, let the handlers finish (and send their
		// replies and results), only then close; all within the linger plus the grace.
		Duration bound = linger.plus(CLOSE_GRACE);
		long deadline = System.nanoTime() + bound.toNanos();
		// A paused socket handles what it received, as a running one.
		resume();
		// (a handler closing its own socket cannot wait for its own batch to end)
		int abandoned = (drainsOnClose() && !this.loop.inRun()) ? drainReceived(deadline) : 0;
		if (!this.loop.pauseReceiving(deadline)) {
			abandoned++;
		}
		long left = Math.max(0, deadline - System.nanoTime());
		if (!this.dispatcher.shutdown(Duration.ofNanos(left))) {
			abandoned += Math.max(1, this.dispatcher.pending());
		}
		abandoned += awaitOutstanding(deadline);
		if (abandoned > 0) {
			logger.warn("Socket '{}' ({}): {} received message(s) still queued or in their handlers {} ms into the "
					+ "close (the linger plus {} ms); closing without them: they and their replies or results are "
					+ "abandoned (a longer linger gives them more time)", name(), type(), abandoned, bound.toMillis(),
					CLOSE_GRACE.toMillis());
		}
		if (this.loop.inRun()) {
			// Closed by its own handler: the run closes the socket when the handler returns; waiting would deadlock.
			this.loop.requestClose();
			afterClose();
			this.onClosed.accept(this);
			return;
		}
		try {
			this.loop.requestClose().get(linger.plus(CLOSE_GRACE).toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			logger.error("Socket '{}': its owner thread did not end within {} ms of the close", name(),
					linger.plus(CLOSE_GRACE).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (java.util.concurrent.ExecutionException ex) {
			logger.debug("Socket '{}' loop ended with a failure", name(), ex);
		}
		afterClose();
		this.onClosed.accept(this);
	}

	/**
	 * Handles a handler failure: counted and logged with the socket name and a frame dump.
	 * @param frames the message the handler got
	 * @param ex the failure
	 */
	void reportHandlerError(byte[][] frames, Throwable ex) {
		this.counters.handlerError();
		if (logger.isWarnEnabled()) {
			logger.warn("Socket '{}' ({}): the handler failed on message {}; the socket goes on receiving", name(),
					type(), ZmqMessage.of(frames).dump(), ex);
		}
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + name() + ", " + type() + ", " + state() + ", bound="
				+ boundEndpoints() + ", connected=" + connectedEndpoints() + "]";
	}

}
