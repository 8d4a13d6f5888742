package io.github.zmqspring.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.SocketEventListener;
import io.github.zmqspring.core.SocketEventReason;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketState;
import io.github.zmqspring.core.ZmqClosedException;
import io.github.zmqspring.core.ZmqException;
import io.github.zmqspring.core.ZmqSecurity;
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

	private final LoopEvents events;

	private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();

	private final CompletableFuture<List<String>> ready = new CompletableFuture<>();

	private final CompletableFuture<Void> terminated = new CompletableFuture<>();

	private @Nullable Inbound inbound;

	private final ReceiveState receiving;

	private volatile boolean closeRequested;

	private volatile SocketState state = SocketState.STARTING;

	private volatile @Nullable Throwable failure;

	private final SocketEndpoints endpoints = new SocketEndpoints();

	private final DirectSender sender;

	private volatile @Nullable DriverSocket socket;

	/** The security the socket uses now: the spec's, or the latest {@link #updateSecurity update}. */
	private volatile @Nullable ZmqSecurity security;

	/** Applied to the driver socket when it opens, before it binds or connects. */
	private @Nullable Consumer<DriverSocket> configurer;

	/** Whether the socket runs without an owner thread. */
	private volatile boolean withoutThread;

	/** Where and when the runs of a receiving socket execute. */
	private final RunScheduler runs = new RunScheduler(this::step, this.terminated::isDone);

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
		this.events = new LoopEvents(spec, counters, events);
		this.receiving = new ReceiveState(counters);
		this.sender = new DirectSender(spec, counters, this.endpoints, () -> this.closeRequested, this::closed);
		this.security = spec.security();
	}

	/**
	 * Sets what happens to received messages. Call before {@link #start}.
	 * @param inbound the handler, on the loop thread
	 * @param gate tells whether the loop may receive now (flow control towards worker threads)
	 */
	public void receiveWith(Inbound inbound, BooleanSupplier gate) {
		this.inbound = inbound;
		this.receiving.receiveWith(inbound, gate);
	}

	/**
	 * Opens, binds and connects the socket on the caller's thread; a receiving socket's runs start on the runner.
	 * @param threadName the name of the thread while it runs this socket's work
	 * @return the bound endpoints, wildcards resolved
	 * @throws ZmqException when the socket cannot be opened (a bind fails, ...)
	 */
	public List<String> start(String threadName) {
		this.runs.threadName(threadName);
		LoopRunner pool = this.runs.runner();
		if (this.events.executor() != null && this.inbound == null) {
			return startWithoutThread();
		}
		if (pool == null) {
			throw new IllegalStateException("socket '" + this.spec.name() + "': no runner set (runWith)");
		}
		try {
			openAndAttach();
		}
		catch (RuntimeException ex) {
			throw failedToStart(ex);
		}
		this.state = SocketState.RUNNING;
		this.ready.complete(this.endpoints.bound());
		pool.register(this);
		// Events queued while opening (LISTENING, CONNECTED) are published by the first run.
		wake();
		return this.endpoints.bound();
	}

	/** Sets what is done to the driver socket when it opens, before it binds or connects; call before {@link #start}. */
	public void configureWith(Consumer<DriverSocket> configurer) {
		this.configurer = configurer;
	}

	/** Sets where a receiving socket's runs execute (the engine's runner). Call before {@link #start}. */
	public void runWith(LoopRunner runner) {
		this.runs.runOn(runner);
	}

	/**
	 * Lets a send-only socket run without an owner thread of its own: nothing to receive, so callers send on it
	 * directly, commands run on the caller's thread and its events go to this executor (one thread, so their order
	 * holds). Call before {@link #start}.
	 */
	public void publishEventsWith(Executor events) {
		this.events.publishWith(events);
	}

	/** Opens, binds and connects on the caller's thread: a send-only engine socket needs no owner thread. */
	private List<String> startWithoutThread() {
		// Before anything opens: the first events (LISTENING, CONNECTED) may come from an I/O thread at once.
		this.withoutThread = true;
		try {
			openAndAttach();
			this.state = SocketState.RUNNING;
			this.ready.complete(this.endpoints.bound());
			return this.endpoints.bound();
		}
		catch (RuntimeException ex) {
			throw failedToStart(ex);
		}
	}

	private RuntimeException failedToStart(RuntimeException ex) {
		this.failure = ex;
		this.state = SocketState.FAILED;
		this.ready.completeExceptionally(ex);
		this.terminated.complete(null);
		return ex;
	}

	/**
	 * Opens the driver socket, binds and connects it (the socket is closed again when a bind or connect fails).
	 * @return the socket
	 */
	private DriverSocket openAndAttach() {
		DriverSocket opened = this.driver.open(this.spec, this::onDriverEvent, this::wake);
		this.socket = opened;
		try {
			if (this.configurer != null) {
				this.configurer.accept(opened);
			}
			List<String> bound = new ArrayList<>();
			for (String endpoint : this.spec.binds()) {
				bound.add(opened.bind(endpoint));
			}
			for (String endpoint : this.spec.connects()) {
				opened.connect(endpoint);
				this.endpoints.record(endpoint, true);
			}
			this.endpoints.bound(bound);
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
	 * @return {@code false} when the socket dropped the message by its rules (a ROUTER peer gone or full), counted
	 */
	public boolean send(byte[][] frames, long timeoutNanos) {
		checkOpen();
		return this.sender.send(this.socket, frames, timeoutNanos);
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
			run(action, open, done);
			return done;
		}
		this.commands.offer(() -> run(action, Objects.requireNonNull(this.socket), done));
		wake();
		return done;
	}

	private static void run(Consumer<DriverSocket> action, DriverSocket socket, CompletableFuture<Void> done) {
		try {
			action.accept(socket);
			done.complete(null);
		}
		catch (Throwable ex) {
			done.completeExceptionally(ex);
		}
	}

	/**
	 * Replaces the socket's security material for the handshakes that start from now on.
	 * @param security the new settings, with the mechanism, side and ZAP domain of the current ones
	 * @throws IllegalArgumentException naming the socket when they differ, or the socket has no security
	 */
	public void updateSecurity(ZmqSecurity security) {
		checkOpen();
		SecurityUpdates.check(this.spec.name(), this.security, security);
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
		return this.receiving.awaitQuiet(quietNanos, deadlineNanos, () -> this.state == SocketState.RUNNING);
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
		return this.receiving.pause(deadlineNanos, this::wake, inRun());
	}

	/** @return how the loop receives: the application's hold ({@link ReceiveState#hold}) is set there */
	ReceiveState receiving() {
		return this.receiving;
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
		DriverSocket open = this.socket;
		if (open != null) {
			// The engine's socket delivers what is queued within the linger in the background, as libzmq.
			finish(open, null);
		}
	}

	/**
	 * Makes sure a run looks at the socket soon (thread-safe; cheap when a run is already scheduled or running).
	 */
	public void wake() {
		if (!this.withoutThread) {
			this.runs.wake();
		}
	}

	/** The runner's safety net: wakes the socket if work waits and no run is scheduled (a lost signal). */
	void wakeIfWorkWaits() {
		if (this.runs.scheduled() || this.terminated.isDone()) {
			return;
		}
		DriverSocket open = this.socket;
		boolean work = !this.commands.isEmpty() || this.events.waiting() || this.closeRequested
				|| (open != null && this.inbound != null && this.receiving.mayReceive() && open.readable());
		if (work) {
			wake();
		}
	}

	/** @return where the socket's worker threads come from (the runner's), or {@code null} for platform threads */
	public @Nullable ThreadFactory handlerThreadFactory() {
		return (this.runs.runner() != null) ? this.runs.runner().threadFactory() : null;
	}

	/** @return the driver socket while it is open (for thread-safe reads such as queue depths), else {@code null} */
	@Nullable DriverSocket driverSocket() {
		return this.terminated.isDone() ? null : this.socket;
	}

	/** @return whether the caller is this socket's current run (a handler of this socket) */
	public boolean inRun() {
		return this.runs.inRun();
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
		return this.endpoints.bound();
	}

	/** @return the connected endpoints */
	public List<String> connectedEndpoints() {
		return this.endpoints.connected();
	}

	/** @return the spec */
	public ZmqSocketSpec spec() {
		return this.spec;
	}

	/** @return completes when the loop has ended */
	public CompletableFuture<Void> terminated() {
		return this.terminated;
	}

	/** Records a connect ({@code connected}) or a disconnect done at runtime, for {@link #connectedEndpoints()}. */
	public void recordConnect(String endpoint, boolean connected) {
		this.endpoints.record(endpoint, connected);
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
			if (this.inbound == null || this.receiving.paused()) {
				return false;
			}
			for (int i = 0; i < BATCHES_PER_RUN; i++) {
				if (!this.receiving.receiveBatch(open)) {
					return false;
				}
				runCommands();
				if (this.closeRequested || this.receiving.paused()) {
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
				LoopRunner pool = this.runs.runner();
				if (pool != null) {
					pool.unregister(this);
				}
				this.terminated.complete(null);
			}
		}
	}

	private boolean runCommands() {
		boolean ran = false;
		Runnable command;
		while ((command = this.commands.poll()) != null) {
			command.run();
			ran = true;
		}
		return this.events.publishQueued() || ran;
	}

	private void onDriverEvent(SocketEventType type, String endpoint, int value, SocketEventReason reason) {
		if (this.events.offer(type, endpoint, value, reason, this.withoutThread)) {
			wake();
		}
	}

}
