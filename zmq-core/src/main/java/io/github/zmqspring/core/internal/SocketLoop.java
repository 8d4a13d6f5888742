package io.github.zmqspring.core.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventListener;
import io.github.zmqspring.core.SocketEventReason;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketState;
import io.github.zmqspring.core.ZmqClosedException;
import io.github.zmqspring.core.ZmqException;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.ZmqSendTimeoutException;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * The owner of one socket: opens, binds and connects it, receives in batches, runs the commands other threads hand it
 * and publishes its events, then closes it. The socket is thread-safe: callers send on it directly, and back-pressure
 * is its high water mark (a caller waits for room up to its send timeout), with nothing queued on top.
 * <p>
 * A receiving socket has no thread of its own: its work runs on the engine's {@link LoopRunner}, one run at a time,
 * scheduled by the socket's signal and {@link #wake()} when work arrives, and ending when there is none (a run that
 * drained {@value #BATCHES_PER_RUN} batches goes to the back of the pool's queue, so that busy sockets share threads
 * fairly). Handlers run inline in that run, in order. A send-only socket needs no run at all
 * ({@link #publishEventsWith}).
 */
public final class SocketLoop {

	private static final Logger logger = LoggerFactory.getLogger(SocketLoop.class);

	private static final int BATCH = 256;

	/** Batches one run drains before it yields its thread to other sockets' runs. */
	private static final int BATCHES_PER_RUN = 16;

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

	private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<SocketEvent> driverEvents = new ConcurrentLinkedQueue<>();

	/** Wake-ups not yet accounted for by a run; a run is scheduled when it goes from 0 to 1. */
	private final AtomicInteger wip = new AtomicInteger();

	private final CompletableFuture<List<String>> ready = new CompletableFuture<>();

	private final CompletableFuture<Void> terminated = new CompletableFuture<>();

	private @Nullable Inbound inbound;

	private BooleanSupplier receiveGate = () -> true;

	private volatile boolean receivePaused;

	/** The thread waiting in {@link #pauseReceiving(long)} for the receive batch to end. */
	private volatile @Nullable Thread pauseWaiter;

	/** When the loop last received a message, or found work waiting for a free worker. */
	private volatile long lastReceiveActivity = System.nanoTime();

	/** Whether the loop is inside a receive batch (handlers running inline count as receiving). */
	private volatile boolean inReceiveBatch;

	private volatile boolean closeRequested;

	private volatile SocketState state = SocketState.STARTING;

	private volatile @Nullable Throwable failure;

	private volatile List<String> boundEndpoints = List.of();

	private final List<String> connectedEndpoints = Collections.synchronizedList(new ArrayList<>());

	private volatile @Nullable DriverSocket socket;

	/** The security the socket uses now: the spec's, or the latest {@link #updateSecurity update}. */
	private volatile @Nullable ZmqSecurity security;

	/** Where events go when the socket has no owner thread (see {@link #publishEventsWith}). */
	private volatile @Nullable Executor eventExecutor;

	/** Whether the socket runs without an owner thread. */
	private volatile boolean withoutThread;

	/** Where the runs of a receiving socket execute. */
	private volatile @Nullable LoopRunner runner;

	/** The thread of the current run, or {@code null} between runs. */
	private volatile @Nullable Thread runThread;

	/** The name a run gives its thread (the socket's, for logs and thread dumps). */
	private String threadName = "";

	/**
	 * Creates a loop; nothing runs before {@link #start}.
	 * @param spec the socket spec
	 * @param driver the driver
	 * @param counters the socket's counters
	 * @param events where socket events go
	 */
	public SocketLoop(ZmqSocketSpec spec, SocketDriver driver, SocketCounters counters, SocketEventListener events) {
		this.spec = spec;
		this.driver = driver;
		this.counters = counters;
		this.events = events;
		this.security = spec.security();
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
	 * Opens, binds and connects the socket on the caller's thread; a receiving socket's runs start on the runner.
	 * @param threadName the name of the thread while it runs this socket's work
	 * @return the bound endpoints, wildcards resolved
	 * @throws ZmqException when the socket cannot be opened (a bind fails, ...)
	 */
	public List<String> start(String threadName) {
		this.threadName = threadName;
		Executor events = this.eventExecutor;
		LoopRunner pool = this.runner;
		if (events != null && this.inbound == null) {
			return startWithoutThread();
		}
		if (pool == null) {
			throw new IllegalStateException("socket '" + this.spec.name() + "': no runner set (runWith)");
		}
		try {
			openAndAttach();
		}
		catch (RuntimeException ex) {
			this.failure = ex;
			this.state = SocketState.FAILED;
			this.ready.completeExceptionally(ex);
			this.terminated.complete(null);
			throw ex;
		}
		this.state = SocketState.RUNNING;
		this.ready.complete(this.boundEndpoints);
		pool.register(this);
		// Events queued while opening (LISTENING, CONNECTED) are published by the first run.
		wake();
		return this.boundEndpoints;
	}

	/**
	 * Sets where a receiving socket's runs execute. Call before {@link #start}.
	 * @param runner the engine's runner
	 */
	public void runWith(LoopRunner runner) {
		this.runner = runner;
	}

	/**
	 * Lets a send-only socket run without an owner thread of its own: nothing to receive, so
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
	 * Sends a message (thread-safe) on the socket directly: back-pressure is the socket's high water mark itself, with
	 * nothing queued on top of it; a caller waits for room up to its timeout.
	 * @param frames the frames
	 * @param timeoutNanos how long to wait for room at the high water mark
	 */
	public void send(byte[][] frames, long timeoutNanos) {
		checkOpen();
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

	/**
	 * Runs an action on the loop thread with the socket.
	 * @param action the action
	 * @return completes when the action ran (exceptionally if it threw)
	 */
	public CompletableFuture<Void> execute(Consumer<DriverSocket> action) {
		checkOpen();
		CompletableFuture<Void> done = new CompletableFuture<>();
		DriverSocket open = this.socket;
		if (this.withoutThread && open != null) {
			try {
				action.accept(open);
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
	 * Replaces the socket's security material for the handshakes that start from now on.
	 * @param security the new settings, with the mechanism, side and ZAP domain of the current ones
	 * @throws IllegalArgumentException naming the socket when they differ, or the socket has no security
	 */
	public void updateSecurity(ZmqSecurity security) {
		Objects.requireNonNull(security, "'security' must not be null");
		checkOpen();
		ZmqSecurity current = this.security;
		String name = this.spec.name();
		if (current == null) {
			throw new IllegalArgumentException("socket '" + name + "' has no security (NULL mechanism): its security "
					+ "cannot be updated, only set in its spec before it opens");
		}
		if (current.mechanism() != security.mechanism()) {
			throw new IllegalArgumentException("socket '" + name + "' is a " + current.mechanism() + " socket: an update "
					+ "must keep that mechanism and side, not switch to " + security.mechanism());
		}
		if (!Objects.equals(current.zapDomain(), security.zapDomain())) {
			throw new IllegalArgumentException("socket '" + name + "': an update must keep the ZAP domain '"
					+ current.zapDomain() + "', not '" + security.zapDomain() + "'");
		}
		DriverSocket open = this.socket;
		if (open == null) {
			throw closed();
		}
		open.updateSecurity(security);
		this.security = security;
	}

	/**
	 * Waits until the socket received nothing for {@code quietNanos}, or until the deadline: a graceful close of a
	 * worker first handles what its peers already routed to it (ZeroMQ drops a closing socket's queue, so the only
	 * lossless way out is to empty it first).
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
	 * Stops receiving while sending goes on, the first step of a graceful close: the receive batch in progress ends
	 * after the message in hand (whose handler, when it runs inline, finishes and can still send its reply or result)
	 * and no batch starts after it. Returns once that batch has ended, so that a close requested afterwards cannot
	 * cut an inline handler's reply off. A handler of this socket calling it (see {@link #inRun()}) does not wait for
	 * itself.
	 * @param deadlineNanos a {@link System#nanoTime()} value not to wait past
	 * @return {@code true} when no receive batch runs any more, {@code false} when one still ran at the deadline (its
	 * handler is stuck)
	 */
	public boolean pauseReceiving(long deadlineNanos) {
		this.pauseWaiter = Thread.currentThread();
		this.receivePaused = true;
		wake();
		if (inRun()) {
			return true;
		}
		// Dekker with receiveInto: it sets inReceiveBatch, then reads receivePaused before each message.
		while (this.inReceiveBatch) {
			long left = deadlineNanos - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			LockSupport.parkNanos(this, left);
		}
		return true;
	}

	/**
	 * Asks the loop to close: it stops receiving and closes the socket (which delivers what it queued within the
	 * linger, in the background), and ends.
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
	 * Makes sure a run looks at the socket soon (thread-safe; cheap when a run is already scheduled or running).
	 */
	public void wake() {
		LoopRunner pool = this.runner;
		if (pool == null || this.withoutThread) {
			return;
		}
		if (this.wip.getAndIncrement() == 0) {
			schedule(pool);
		}
	}

	/** The runner's safety net: wakes the socket if work waits and no run is scheduled (a lost signal). */
	void wakeIfWorkWaits() {
		if (this.wip.get() != 0 || this.terminated.isDone()) {
			return;
		}
		DriverSocket open = this.socket;
		boolean work = !this.commands.isEmpty() || !this.driverEvents.isEmpty() || this.closeRequested
				|| (open != null && this.inbound != null && !this.receivePaused && this.receiveGate.getAsBoolean()
						&& open.readable());
		if (work) {
			wake();
		}
	}

	private void schedule(LoopRunner pool) {
		try {
			pool.execute(this::drain);
		}
		catch (RejectedExecutionException ex) {
			// The engine is stopping its runner: finish this socket's work on the caller's thread.
			drain();
		}
	}

	/** @return whether the caller is this socket's current run (a handler of this socket) */
	public boolean inRun() {
		return Thread.currentThread() == this.runThread;
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

	/** One run: drains commands, events and messages until there are none, or yields after a fair share. */
	private void drain() {
		Thread thread = Thread.currentThread();
		if (!thread.getName().equals(this.threadName)) {
			// Named after the socket it runs, for logs and thread dumps; a thread that runs the same socket again (the
			// common case under load) is not renamed, which would cost a system call per run.
			thread.setName(this.threadName);
		}
		this.runThread = thread;
		try {
			int missed = 1;
			while (true) {
				if (this.terminated.isDone()) {
					return;
				}
				boolean more = step();
				if (more && !this.terminated.isDone()) {
					// A fair share done and messages left: this socket goes to the back of the pool's queue.
					LoopRunner pool = Objects.requireNonNull(this.runner);
					schedule(pool);
					return;
				}
				missed = this.wip.addAndGet(-missed);
				if (missed == 0) {
					return;
				}
			}
		}
		finally {
			this.runThread = null;
		}
	}

	/**
	 * Runs commands and events, closes when asked, and receives a fair share of messages.
	 * @return {@code true} when messages are left after the share (the run should yield and go on)
	 */
	private boolean step() {
		DriverSocket open = Objects.requireNonNull(this.socket);
		try {
			runCommands();
			if (this.closeRequested) {
				finish(open, null);
				return false;
			}
			if (this.inbound == null || this.receivePaused) {
				return false;
			}
			for (int i = 0; i < BATCHES_PER_RUN; i++) {
				int received = receiveBatch(open);
				if (received < BATCH) {
					return false;
				}
				runCommands();
				if (this.closeRequested || this.receivePaused) {
					return !this.terminated.isDone();
				}
			}
			return true;
		}
		catch (Throwable ex) {
			finish(open, ex);
			return false;
		}
	}

	/** Closes the socket once (the engine's socket delivers what is queued within the linger, in the background). */
	private void finish(DriverSocket open, @Nullable Throwable ex) {
		synchronized (this.terminated) {
			if (this.terminated.isDone()) {
				return;
			}
			this.closeRequested = true;
			if (ex != null) {
				this.failure = ex;
				this.state = SocketState.FAILED;
				logger.error("Socket '{}' ({}): its loop failed and the socket is closed; messages still queued are lost. "
						+ "Cause: {}", this.spec.name(), this.spec.type(), ex.toString(), ex);
			}
			else {
				this.state = SocketState.CLOSING;
			}
			try {
				open.close();
			}
			finally {
				if (ex == null) {
					this.state = SocketState.CLOSED;
				}
				LoopRunner pool = this.runner;
				if (pool != null) {
					pool.unregister(this);
				}
				this.terminated.complete(null);
			}
		}
	}

	private int receiveBatch(DriverSocket socket) {
		Inbound handler = Objects.requireNonNull(this.inbound);
		this.inReceiveBatch = true;
		try {
			return receiveInto(socket, handler);
		}
		finally {
			this.inReceiveBatch = false;
			Thread waiter = this.pauseWaiter;
			if (waiter != null) {
				LockSupport.unpark(waiter);
			}
		}
	}

	private int receiveInto(DriverSocket socket, Inbound handler) {
		int received = 0;
		boolean gated = false;
		while (received < BATCH) {
			if (this.receivePaused) {
				break;
			}
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

	private boolean runCommands() {
		boolean ran = false;
		Runnable command;
		while ((command = this.commands.poll()) != null) {
			command.run();
			ran = true;
		}
		SocketEvent event;
		while ((event = this.driverEvents.poll()) != null) {
			this.counters.event(event.type());
			publish(event);
			ran = true;
		}
		return ran;
	}

	private void onDriverEvent(SocketEventType type, String endpoint, int value, SocketEventReason reason) {
		SocketEvent event = new SocketEvent(this.spec.name(), this.spec.type(), type, endpoint, value, Instant.now(),
				reason);
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

	private void publish(SocketEvent event) {
		try {
			this.events.onEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A socket event listener failed on {} for socket '{}'", event.type(), this.spec.name(), ex);
		}
	}

}
