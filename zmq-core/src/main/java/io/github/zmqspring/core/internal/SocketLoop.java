package io.github.zmqspring.core.internal;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventListener;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketState;
import io.github.zmqspring.core.ZmqClosedException;
import io.github.zmqspring.core.ZmqException;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSendTimeoutException;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.engine.ZmtpDriver;

/**
 * The owner of one socket: a thread that creates the socket, binds and connects it, receives, sends what other
 * threads hand it, runs their commands, and closes it. Nothing else ever touches the socket.
 * <p>
 * The hand-off is a lock-free queue bounded by a semaphore (callers block at capacity, up to their send timeout). The
 * loop drains it in batches with non-blocking sends and only sleeps, in a selector over the socket's wait channel,
 * when there is nothing to do; callers wake it with {@link Selector#wakeup()} only when it sleeps.
 * <p>
 * A caller that finds the socket free (the loop sleeping or between iterations, nothing queued before it) sends
 * directly under the socket lock instead of queueing: no thread hop, which is what keeps latency and single-sender
 * throughput close to raw JeroMQ. Whatever it sends first leaves the queue empty, so per-thread order holds.
 */
public final class SocketLoop {

	private static final Logger logger = LoggerFactory.getLogger(SocketLoop.class);

	private static final int BATCH = 256;

	private static final long MAX_IDLE_MILLIS = 1000;

	/** What the loop does with each received message; runs on the loop thread. */
	@FunctionalInterface
	public interface Inbound {

		/**
		 * Handles one received message. Must not throw.
		 * @param frames the message frames
		 */
		void onMessage(byte[][] frames);

	}

	private final ZmqSocketSpec spec;

	private final SocketDriver driver;

	private final SocketCounters counters;

	private final SocketEventListener events;

	private final HandshakeWatchdog watchdog;

	private final boolean watchHandshakes;

	private final ConcurrentLinkedQueue<byte[][]> outbox = new ConcurrentLinkedQueue<>();

	private final Semaphore permits;

	private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<SocketEvent> driverEvents = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean sleeping = new AtomicBoolean();

	private final CompletableFuture<List<String>> ready = new CompletableFuture<>();

	private final CompletableFuture<Void> terminated = new CompletableFuture<>();

	private @Nullable Inbound inbound;

	private BooleanSupplier receiveGate = () -> true;

	private volatile boolean receivePaused;

	/** When the loop last received a message, or found work waiting for a free worker. */
	private volatile long lastReceiveActivity = System.nanoTime();

	/** Whether the loop is inside a receive batch (handlers running inline count as receiving). */
	private volatile boolean inReceiveBatch;

	private volatile boolean closeRequested;

	private volatile SocketState state = SocketState.STARTING;

	private volatile @Nullable Throwable failure;

	private volatile List<String> boundEndpoints = List.of();

	private final List<String> connectedEndpoints = Collections.synchronizedList(new ArrayList<>());

	private volatile @Nullable Selector selector;

	private @Nullable DriverSocket socket;

	/**
	 * Held by whichever thread uses the socket: the loop for each of its iterations (never while it sleeps), or a
	 * caller sending directly. Mutual exclusion plus the lock's memory fence is what lets a JeroMQ socket be used by
	 * more than one thread safely, one at a time.
	 */
	private final ReentrantLock socketLock = new ReentrantLock();

	/** Where events go when the socket has no owner thread (see {@link #publishEventsWith}). */
	private volatile @Nullable Executor eventExecutor;

	/** Whether the socket runs without an owner thread. */
	private volatile boolean withoutThread;

	/** The loop thread when it waits by parking (a socket without wait channel), else {@code null}. */
	private volatile @Nullable Thread parkedThread;

	/** Whether the socket is thread-safe: callers then send on it directly, never through the hand-off queue. */
	private volatile boolean threadSafeSocket;

	/** Guarded by {@link #socketLock}: whether the socket may be used. */
	private boolean socketOpen;

	/** Guarded by {@link #socketLock}: a message the socket refused at its high water mark, sent first when it can. */
	private byte @Nullable [][] pending;

	/**
	 * Creates a loop; nothing runs before {@link #start}.
	 * @param spec the socket spec
	 * @param driver the driver
	 * @param counters the socket's counters
	 * @param events where socket events go
	 * @param stallThresholdNanos how long a connection may wait for its greeting before it is treated as stalled
	 */
	public SocketLoop(ZmqSocketSpec spec, SocketDriver driver, SocketCounters counters, SocketEventListener events,
			long stallThresholdNanos) {
		this.spec = spec;
		this.driver = driver;
		this.counters = counters;
		this.events = events;
		this.watchdog = new HandshakeWatchdog(stallThresholdNanos);
		// Only JeroMQ needs the watchdog (its connect hand-off race, and its missing HANDSHAKE_FAILED events).
		this.watchHandshakes = driver instanceof JeroMqDriver;
		this.permits = new Semaphore(spec.sendQueueCapacity());
	}

	/**
	 * Sets what happens to received messages. Call before {@link #start}.
	 * @param inbound the handler, on the loop thread
	 * @param gate tells whether the loop may receive now (flow control towards worker threads)
	 */
	public void receiveWith(Inbound inbound, BooleanSupplier gate) {
		this.inbound = inbound;
		this.receiveGate = gate;
	}

	/**
	 * Starts the owner thread and waits until the socket is bound and connected.
	 * @param threadName the thread's name
	 * @return the bound endpoints, wildcards resolved
	 * @throws ZmqException when the socket cannot be opened (a bind fails, ...)
	 */
	public List<String> start(String threadName) {
		Executor events = this.eventExecutor;
		if (events != null && this.inbound == null && this.driver instanceof ZmtpDriver) {
			return startWithoutThread();
		}
		Thread thread = new Thread(this::run, threadName);
		thread.setDaemon(true);
		thread.start();
		try {
			return this.ready.join();
		}
		catch (java.util.concurrent.CompletionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new ZmqException("socket '" + this.spec.name() + "' could not be opened", cause);
		}
	}

	/**
	 * Lets a send-only socket of a thread-safe driver run without an owner thread of its own: nothing to receive, so
	 * callers send on it directly, commands run on the caller's thread and its events go to this executor (one
	 * thread, so their order holds). Call before {@link #start}.
	 * @param events where events are published
	 */
	public void publishEventsWith(Executor events) {
		this.eventExecutor = events;
	}

	/** Opens, binds and connects on the caller's thread: a send-only engine socket needs no owner thread. */
	private List<String> startWithoutThread() {
		// Before anything opens: the first events (LISTENING, CONNECTED) may come from an I/O thread at once.
		this.withoutThread = true;
		try {
			openAndAttach();
			this.threadSafeSocket = true;
			this.state = SocketState.RUNNING;
			this.ready.complete(this.boundEndpoints);
			return this.boundEndpoints;
		}
		catch (RuntimeException ex) {
			this.failure = ex;
			this.state = SocketState.FAILED;
			this.ready.completeExceptionally(ex);
			this.terminated.complete(null);
			throw ex;
		}
	}

	/**
	 * Opens the driver socket, binds and connects it (the socket is closed again when a bind or connect fails).
	 * @return the socket
	 */
	private DriverSocket openAndAttach() {
		DriverSocket opened = this.driver.open(this.spec, this::onDriverEvent, this::wake);
		this.socket = opened;
		try {
			List<String> bound = new ArrayList<>();
			for (String endpoint : this.spec.binds()) {
				bound.add(opened.bind(endpoint));
			}
			for (String endpoint : this.spec.connects()) {
				opened.connect(endpoint);
				this.connectedEndpoints.add(endpoint);
			}
			this.boundEndpoints = List.copyOf(bound);
			return opened;
		}
		catch (RuntimeException ex) {
			opened.close();
			throw ex;
		}
	}

	/**
	 * Sends a message (thread-safe): directly under the socket lock when the socket is free and nothing is queued
	 * before it, otherwise through the hand-off queue, waiting up to the timeout for room in it.
	 * @param frames the frames
	 * @param timeoutNanos how long to wait for room in the queue
	 */
	public void send(byte[][] frames, long timeoutNanos) {
		checkOpen();
		if (this.threadSafeSocket) {
			sendThreadSafe(frames, timeoutNanos);
			return;
		}
		if (sendDirectly(frames)) {
			return;
		}
		if (!this.permits.tryAcquire()) {
			boolean acquired;
			try {
				acquired = timeoutNanos > 0 && this.permits.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ZmqException("socket '" + this.spec.name() + "': interrupted while waiting to send", ex);
			}
			if (!acquired) {
				this.counters.sendTimeouts.increment();
				throw new ZmqSendTimeoutException("socket '" + this.spec.name() + "' (" + this.spec.type()
						+ "): message not sent within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
						+ " ms: the socket is at its high water mark (" + this.spec.sendHighWaterMark()
						+ " messages per peer); its peers are not keeping up or none is connected to "
						+ endpointsForMessages());
			}
		}
		if (this.closeRequested) {
			this.permits.release();
			throw closed();
		}
		this.outbox.offer(frames);
		wake();
	}

	/**
	 * Sends on a thread-safe socket: back-pressure is the socket's high water mark itself, with nothing queued on top
	 * of it; a caller waits for room up to its timeout.
	 */
	private void sendThreadSafe(byte[][] frames, long timeoutNanos) {
		DriverSocket open = this.socket;
		long deadline = System.nanoTime() + timeoutNanos;
		while (true) {
			if (open == null || this.closeRequested) {
				throw closed();
			}
			SendResult result = open.send(frames);
			if (result != SendResult.WOULD_BLOCK) {
				account(frames, result);
				return;
			}
			if (timeoutNanos <= 0 || System.nanoTime() - deadline >= 0 || !open.awaitWritable(frames, deadline)) {
				if (this.closeRequested) {
					throw closed();
				}
				// One last try at the deadline: the socket may drop the message by its own rules by now (a STREAM
				// peer that read nothing for the send timeout is disconnected).
				result = open.send(frames);
				if (result != SendResult.WOULD_BLOCK) {
					account(frames, result);
					return;
				}
				this.counters.sendTimeouts.increment();
				throw new ZmqSendTimeoutException("socket '" + this.spec.name() + "' (" + this.spec.type()
						+ "): message not sent within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
						+ " ms: the socket is at its high water mark (" + this.spec.sendHighWaterMark()
						+ " messages per peer); its peers are not keeping up or none is connected to "
						+ endpointsForMessages());
			}
		}
	}

	private boolean sendDirectly(byte[][] frames) {
		if (!this.outbox.isEmpty() || !this.socketLock.tryLock()) {
			return false;
		}
		try {
			DriverSocket open = this.socket;
			if (!this.socketOpen || this.closeRequested || this.pending != null || !this.outbox.isEmpty() || open == null) {
				return false;
			}
			SendResult result = open.send(frames);
			if (result == SendResult.WOULD_BLOCK) {
				return false;
			}
			account(frames, result);
			// The send may have consumed I/O commands the sleeping loop waits for (a peer's message arriving):
			// let it look again.
			if (this.inbound != null && open.readable()) {
				wake();
			}
			return true;
		}
		finally {
			this.socketLock.unlock();
		}
	}

	/**
	 * Runs an action on the loop thread with the socket.
	 * @param action the action
	 * @return completes when the action ran (exceptionally if it threw)
	 */
	public CompletableFuture<Void> execute(Consumer<DriverSocket> action) {
		checkOpen();
		CompletableFuture<Void> done = new CompletableFuture<>();
		DriverSocket threadSafe = this.socket;
		if (this.withoutThread && threadSafe != null) {
			try {
				action.accept(threadSafe);
				done.complete(null);
			}
			catch (Throwable ex) {
				done.completeExceptionally(ex);
			}
			return done;
		}
		this.commands.offer(() -> {
			try {
				action.accept(this.socket);
				done.complete(null);
			}
			catch (Throwable ex) {
				done.completeExceptionally(ex);
			}
		});
		wake();
		return done;
	}

	/**
	 * Waits until the socket received nothing for {@code quietNanos}, or until the deadline: a graceful close of a
	 * worker first handles what its peers already routed to it (ZeroMQ drops a closing socket's queue, and JeroMQ also
	 * drops it on disconnect, so the only lossless way out is to empty it first).
	 * @param quietNanos how long without a message counts as quiet
	 * @param deadlineNanos a {@link System#nanoTime()} value not to wait past
	 * @return {@code true} when the socket went quiet, {@code false} when the deadline passed first
	 */
	public boolean awaitQuiet(long quietNanos, long deadlineNanos) {
		while (true) {
			long now = System.nanoTime();
			if ((!this.inReceiveBatch && now - this.lastReceiveActivity >= quietNanos)
					|| this.state != SocketState.RUNNING) {
				return true;
			}
			if (now - deadlineNanos >= 0) {
				return false;
			}
			LockSupport.parkNanos(Math.min(quietNanos / 4, deadlineNanos - now));
		}
	}

	/**
	 * Stops receiving (sending goes on); used before a graceful close so that in-flight work can finish.
	 */
	public void pauseReceiving() {
		this.receivePaused = true;
		wake();
	}

	/**
	 * Asks the loop to close: it stops receiving, sends what is queued within the linger, closes the socket and ends.
	 * @return completes when the loop has ended
	 */
	public CompletableFuture<Void> requestClose() {
		this.closeRequested = true;
		if (this.withoutThread) {
			closeWithoutThread();
		}
		wake();
		return this.terminated;
	}

	private void closeWithoutThread() {
		synchronized (this.terminated) {
			if (this.terminated.isDone()) {
				return;
			}
			this.state = SocketState.CLOSING;
			DriverSocket open = this.socket;
			if (open != null) {
				// The engine's socket delivers what is queued within the linger in the background, as libzmq.
				open.close();
			}
			this.state = SocketState.CLOSED;
			this.terminated.complete(null);
		}
	}

	/**
	 * Wakes the loop if it sleeps (thread-safe, cheap when it does not).
	 */
	public void wake() {
		if (this.sleeping.get() && this.sleeping.compareAndSet(true, false)) {
			Thread parked = this.parkedThread;
			if (parked != null) {
				LockSupport.unpark(parked);
				return;
			}
			Selector current = this.selector;
			if (current != null) {
				current.wakeup();
			}
		}
	}

	/** @return the current state */
	public SocketState state() {
		return this.state;
	}

	/** @return the failure, when the state is FAILED */
	public @Nullable Throwable failure() {
		return this.failure;
	}

	/** @return the bound endpoints */
	public List<String> boundEndpoints() {
		return this.boundEndpoints;
	}

	/** @return the connected endpoints */
	public List<String> connectedEndpoints() {
		synchronized (this.connectedEndpoints) {
			return List.copyOf(this.connectedEndpoints);
		}
	}

	/** @return the spec */
	public ZmqSocketSpec spec() {
		return this.spec;
	}

	/** @return completes when the loop has ended */
	public CompletableFuture<Void> terminated() {
		return this.terminated;
	}

	/**
	 * Records a connect done at runtime, for {@link #connectedEndpoints()}.
	 * @param endpoint the endpoint
	 * @param connected {@code true} for a connect, {@code false} for a disconnect
	 */
	public void recordConnect(String endpoint, boolean connected) {
		if (connected) {
			this.connectedEndpoints.add(endpoint);
		}
		else {
			this.connectedEndpoints.remove(endpoint);
		}
	}

	private void checkOpen() {
		if (this.closeRequested || this.state == SocketState.CLOSED || this.state == SocketState.FAILED) {
			throw closed();
		}
	}

	private ZmqClosedException closed() {
		return new ZmqClosedException("socket '" + this.spec.name() + "' is closed"
				+ ((this.failure != null) ? " (it failed: " + this.failure.getMessage() + ")" : ""));
	}

	private String endpointsForMessages() {
		List<String> all = new ArrayList<>(this.boundEndpoints);
		all.addAll(connectedEndpoints());
		return all.toString();
	}

	private void run() {
		DriverSocket opened = null;
		try {
			opened = openAndAttach();
			java.nio.channels.SelectableChannel channel = opened.waitChannel();
			if (channel != null) {
				Selector sel = Selector.open();
				channel.register(sel, SelectionKey.OP_READ);
				this.selector = sel;
			}
			else {
				// The engine's own sockets signal: the loop parks, no selector needed.
				this.parkedThread = Thread.currentThread();
			}
			this.threadSafeSocket = opened.threadSafe();
			this.socketLock.lock();
			try {
				this.socketOpen = true;
			}
			finally {
				this.socketLock.unlock();
			}
			this.state = SocketState.RUNNING;
		}
		catch (Throwable ex) {
			this.failure = ex;
			this.state = SocketState.FAILED;
			if (opened != null) {
				opened.close();
			}
			this.ready.completeExceptionally(ex);
			this.terminated.complete(null);
			return;
		}
		this.ready.complete(this.boundEndpoints);
		try {
			loop(opened);
			this.state = SocketState.CLOSED;
		}
		catch (Throwable ex) {
			this.failure = ex;
			this.state = SocketState.FAILED;
			logger.error("Socket '{}' ({}): its loop failed and the socket is closed; messages still queued are lost. "
					+ "Cause: {}", this.spec.name(), this.spec.type(), ex.toString(), ex);
		}
		finally {
			this.closeRequested = true;
			this.socketLock.lock();
			try {
				this.socketOpen = false;
				opened.close();
			}
			finally {
				this.socketLock.unlock();
			}
			Selector sel = this.selector;
			if (sel != null) {
				try {
					sel.close();
				}
				catch (IOException ex) {
					logger.debug("Closing the selector of socket '{}' failed", this.spec.name(), ex);
				}
			}
			// Blocked senders get a permit, see the closed flag and fail fast.
			this.permits.release(this.spec.sendQueueCapacity());
			this.terminated.complete(null);
		}
	}

	private void loop(DriverSocket socket) throws IOException {
		long lingerDeadline = 0;
		boolean closing = false;
		while (true) {
			boolean busy;
			boolean receiving;
			this.socketLock.lock();
			try {
				busy = runCommands(socket);
				if (this.closeRequested && !closing) {
					closing = true;
					this.state = SocketState.CLOSING;
					lingerDeadline = System.nanoTime() + this.spec.linger().toNanos();
				}
				receiving = !closing && this.inbound != null && !this.receivePaused;
				if (receiving) {
					busy |= receiveBatch(socket);
				}
				busy |= drainOutbox(socket);
				long now = System.nanoTime();
				if (this.watchHandshakes) {
					this.watchdog.check(now, this::onStall, this.driver::nudge);
				}
				if (closing) {
					if (this.pending == null && this.outbox.isEmpty()) {
						return;
					}
					if (now - lingerDeadline >= 0) {
						dropQueued(this.pending);
						this.pending = null;
						return;
					}
				}
			}
			finally {
				this.socketLock.unlock();
			}
			if (!busy) {
				idle(socket, receiving, closing ? lingerDeadline
						: (this.watchHandshakes ? this.watchdog.nextDeadline() : Long.MAX_VALUE));
			}
		}
	}

	private boolean drainOutbox(DriverSocket socket) {
		boolean progressed = false;
		if (this.pending != null) {
			SendResult result = socket.send(this.pending);
			if (result == SendResult.WOULD_BLOCK) {
				return false;
			}
			account(this.pending, result);
			this.pending = null;
			this.permits.release();
			progressed = true;
		}
		int sent = 0;
		byte[][] frames;
		while (sent < BATCH && (frames = this.outbox.poll()) != null) {
			SendResult result = socket.send(frames);
			if (result == SendResult.WOULD_BLOCK) {
				this.pending = frames;
				break;
			}
			account(frames, result);
			sent++;
		}
		if (sent > 0) {
			this.permits.release(sent);
			progressed = true;
		}
		return progressed;
	}

	private boolean receiveBatch(DriverSocket socket) {
		Inbound handler = this.inbound;
		int received;
		this.inReceiveBatch = true;
		try {
			received = receiveInto(socket, handler);
		}
		finally {
			this.inReceiveBatch = false;
		}
		return received > 0;
	}

	private int receiveInto(DriverSocket socket, Inbound handler) {
		int received = 0;
		boolean gated = false;
		while (received < BATCH) {
			if (!this.receiveGate.getAsBoolean()) {
				gated = true;
				break;
			}
			byte[][] frames = socket.receive();
			if (frames == null) {
				break;
			}
			received++;
			this.counters.messagesReceived.increment();
			this.counters.bytesReceived.add(SocketCounters.byteCount(frames));
			handler.onMessage(frames);
		}
		if (received > 0 || gated) {
			this.lastReceiveActivity = System.nanoTime();
		}
		return received;
	}

	private void account(byte[][] frames, SendResult result) {
		switch (result) {
			case SENT -> {
				this.counters.messagesSent.increment();
				this.counters.bytesSent.add(SocketCounters.byteCount(frames));
			}
			case SENT_WITH_DROPS -> {
				this.counters.messagesSent.increment();
				this.counters.bytesSent.add(SocketCounters.byteCount(frames));
				this.counters.dropped.increment();
			}
			case UNROUTABLE -> {
				this.counters.dropped.increment();
				logger.debug("Socket '{}' ({}): dropped a message whose peer is gone or full: {}", this.spec.name(),
						this.spec.type(), ZmqMessage.of(frames).dump());
			}
			case WOULD_BLOCK -> throw new IllegalStateException("not sent");
		}
	}

	private void dropQueued(byte @Nullable [][] pending) {
		int lost = (pending != null) ? 1 : 0;
		while (this.outbox.poll() != null) {
			lost++;
		}
		this.counters.dropped.add(lost);
		this.permits.release(lost);
		logger.warn("Socket '{}' ({}): closed with {} message(s) still queued after the linger of {} ms; they are "
				+ "dropped. No peer took them: check that a peer is connected, or raise the linger.", this.spec.name(),
				this.spec.type(), lost, this.spec.linger().toMillis());
	}

	private boolean runCommands(DriverSocket socket) {
		boolean ran = false;
		Runnable command;
		while ((command = this.commands.poll()) != null) {
			command.run();
			ran = true;
		}
		SocketEvent event;
		while ((event = this.driverEvents.poll()) != null) {
			boolean failedHandshake = false;
			if (this.watchHandshakes) {
				this.watchdog.onEvent(event.type(), event.endpoint(), System.nanoTime());
				failedHandshake = this.watchdog.closedBeforeHandshake(event.type(), event.endpoint());
			}
			this.counters.event(event.type());
			publish(event);
			if (failedHandshake) {
				SocketEvent failure = new SocketEvent(this.spec.name(), this.spec.type(), SocketEventType.HANDSHAKE_FAILED,
						event.endpoint(), 0, event.timestamp());
				this.counters.event(failure.type());
				publish(failure);
			}
			ran = true;
		}
		return ran;
	}

	private void idle(DriverSocket socket, boolean wantIn, long deadline) throws IOException {
		this.sleeping.set(true);
		boolean ready;
		this.socketLock.lock();
		try {
			boolean wantOut = this.pending != null;
			ready = !this.commands.isEmpty() || !this.driverEvents.isEmpty() || (!wantOut && !this.outbox.isEmpty())
					|| (this.closeRequested && this.state != SocketState.CLOSING)
					|| (wantIn && this.receiveGate.getAsBoolean() && socket.readable()) || (wantOut && socket.writable());
		}
		finally {
			this.socketLock.unlock();
		}
		if (ready) {
			this.sleeping.set(false);
			return;
		}
		long timeout = MAX_IDLE_MILLIS;
		if (deadline != Long.MAX_VALUE) {
			long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1;
			timeout = Math.max(1, Math.min(timeout, remaining));
		}
		if (this.parkedThread != null) {
			// No channel to watch (the engine's own sockets signal): parking is cheaper than a selector.
			LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(timeout));
		}
		else {
			Selector sel = Objects.requireNonNull(this.selector);
			sel.select(timeout);
			sel.selectedKeys().clear();
		}
		this.sleeping.set(false);
	}

	private void onDriverEvent(SocketEventType type, String endpoint, int value) {
		SocketEvent event = new SocketEvent(this.spec.name(), this.spec.type(), type, endpoint, value, Instant.now());
		Executor events = this.eventExecutor;
		if (this.withoutThread && events != null) {
			try {
				events.execute(() -> {
					this.counters.event(event.type());
					publish(event);
				});
			}
			catch (java.util.concurrent.RejectedExecutionException ex) {
				// The engine is closing: its listeners are done.
				this.counters.event(event.type());
			}
			return;
		}
		this.driverEvents.offer(event);
		wake();
	}

	private void onStall(String endpoint) {
		this.counters.stalledHandshakes.increment();
		publish(new SocketEvent(this.spec.name(), this.spec.type(), SocketEventType.HANDSHAKE_STALLED, endpoint, 0,
				Instant.now()));
	}

	private void publish(SocketEvent event) {
		try {
			this.events.onEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A socket event listener failed on {} for socket '{}'", event.type(), this.spec.name(), ex);
		}
	}

}
