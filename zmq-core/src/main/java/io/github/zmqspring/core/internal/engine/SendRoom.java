package io.github.zmqspring.core.internal.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Where the senders of one {@link EngineSocket} wait for room in a link's outbound pipe. A leaf lock of its own, never
 * the socket's: a reader holding another socket's lock (inproc) may signal it, and must never wait for this socket's
 * lock. Signals are counted, so that one between a sender's check and its wait is not lost; a signal with nobody
 * waiting costs an atomic increment.
 * <p>
 * Thread-safe.
 */
final class SendRoom {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition condition = this.lock.newCondition();

	private final AtomicLong signals = new AtomicLong();

	private final AtomicInteger waiters = new AtomicInteger();

	/**
	 * Waits until {@code writable} says there is room (or the socket closed), or until the deadline.
	 * @param writable checks, under the socket's lock, whether the send can go (or the socket closed)
	 * @param deadlineNanos the deadline ({@link System#nanoTime()})
	 * @return {@code true} when {@code writable} said so, {@code false} at the deadline or when interrupted
	 */
	boolean await(BooleanSupplier writable, long deadlineNanos) {
		this.waiters.incrementAndGet();
		try {
			while (true) {
				long seen = this.signals.get();
				if (writable.getAsBoolean()) {
					return true;
				}
				long remaining = deadlineNanos - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				this.lock.lock();
				try {
					if (this.signals.get() == seen) {
						this.condition.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)));
					}
				}
				finally {
					this.lock.unlock();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.waiters.decrementAndGet();
		}
	}

	/** Room may have come: wakes the waiting senders, if any. */
	void signal() {
		this.signals.incrementAndGet();
		if (this.waiters.get() > 0) {
			this.lock.lock();
			try {
				this.condition.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

}
