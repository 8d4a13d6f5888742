package io.github.zmqspring.core.internal;

import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * How a {@link SocketLoop} receives: batches of at most {@value #BATCH} messages into its handler, while the gate
 * allows; the pause that a graceful close starts with, and the quiet a closing worker waits for. Batches run on the
 * loop's run; pausing and waiting for quiet on the closing thread.
 */
final class ReceiveState {

	/** Messages one receive batch takes at most. */
	static final int BATCH = 256;

	private final SocketCounters counters;

	private SocketLoop.@Nullable Inbound inbound;

	private BooleanSupplier gate = () -> true;

	private volatile boolean paused;

	/** Whether the application holds receiving (pause/resume), apart from the pause a close starts with. */
	private volatile boolean held;

	/** The thread waiting in {@link #pause} for the receive batch to end. */
	private volatile @Nullable Thread pauseWaiter;

	/** When the loop last received a message, or found work waiting for a free worker. */
	private volatile long lastActivity = System.nanoTime();

	/** Whether the loop is inside a receive batch (handlers running inline count as receiving). */
	private volatile boolean inBatch;

	ReceiveState(SocketCounters counters) {
		this.counters = counters;
	}

	/**
	 * Sets where received messages go. Call before the loop starts.
	 * @param inbound the handler
	 * @param gate whether the loop may receive now (flow control towards worker threads)
	 */
	void receiveWith(SocketLoop.Inbound inbound, BooleanSupplier gate) {
		this.inbound = inbound;
		this.gate = gate;
	}

	/** @return whether receiving is neither paused nor gated */
	boolean mayReceive() {
		return !this.paused && !this.held && this.gate.getAsBoolean();
	}

	/**
	 * Receives one batch into the handler (on the loop's run).
	 * @param socket the socket
	 * @return {@code true} when the batch was full (more messages may wait)
	 */
	boolean receiveBatch(DriverSocket socket) {
		SocketLoop.Inbound handler = Objects.requireNonNull(this.inbound);
		this.inBatch = true;
		try {
			int received = 0;
			boolean gated = false;
			while (received < BATCH) {
				if (this.paused || this.held) {
					break;
				}
				if (!this.gate.getAsBoolean()) {
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
				this.lastActivity = System.nanoTime();
			}
			return received == BATCH;
		}
		finally {
			this.inBatch = false;
			Thread waiter = this.pauseWaiter;
			if (waiter != null) {
				LockSupport.unpark(waiter);
			}
		}
	}

	/** @return whether receiving is paused or held (no batch starts, the one in progress ends after its message) */
	boolean paused() {
		return this.paused || this.held;
	}

	/**
	 * Holds or releases receiving for the application; a close's own pause is apart from it.
	 * @param hold whether to hold
	 */
	void hold(boolean hold) {
		this.held = hold;
	}

	/** @return whether the application holds receiving */
	boolean held() {
		return this.held;
	}

	/**
	 * Waits until nothing was received for {@code quietNanos}, the loop stopped running, or the deadline passed.
	 * @param quietNanos how long without a message counts as quiet
	 * @param deadlineNanos a {@link System#nanoTime()} value not to wait past
	 * @param running whether the loop still runs
	 * @return {@code true} when quiet (or stopped), {@code false} at the deadline
	 */
	boolean awaitQuiet(long quietNanos, long deadlineNanos, BooleanSupplier running) {
		while (true) {
			long now = System.nanoTime();
			if ((!this.inBatch && now - this.lastActivity >= quietNanos) || !running.getAsBoolean()) {
				return true;
			}
			if (now - deadlineNanos >= 0) {
				return false;
			}
			LockSupport.parkNanos(Math.min(quietNanos / 4, deadlineNanos - now));
		}
	}

	/**
	 * Pauses receiving and waits for the batch in progress to end.
	 * @param deadlineNanos a {@link System#nanoTime()} value not to wait past
	 * @param wake wakes the loop, so that a run sees the pause
	 * @param fromTheRun whether the caller is the loop's own run (a handler), which must not wait for itself
	 * @return {@code true} when no batch runs any more, {@code false} when one still ran at the deadline
	 */
	boolean pause(long deadlineNanos, Runnable wake, boolean fromTheRun) {
		this.pauseWaiter = Thread.currentThread();
		this.paused = true;
		wake.run();
		if (fromTheRun) {
			return true;
		}
		// Dekker with the run: it sets inBatch, then reads paused before each message.
		while (this.inBatch) {
			long left = deadlineNanos - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			LockSupport.parkNanos(this, left);
		}
		return true;
	}

}
