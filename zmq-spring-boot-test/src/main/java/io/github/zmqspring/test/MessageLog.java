package io.github.zmqspring.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a peer received, in arrival order, with deadline-based waits. The engine's handler thread only appends under
 * the lock; predicates (test code) run on the waiting thread without holding it. Thread-safe.
 */
final class MessageLog {

	/** How many messages a failure message shows. */
	private static final int SHOWN = 10;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition added = this.lock.newCondition();

	private final List<PeerMessage> messages = new ArrayList<>();

	/** Incremented by {@link #clear()}, so that a wait in progress starts over. */
	private long generation;

	void add(PeerMessage message) {
		this.lock.lock();
		try {
			this.messages.add(message);
			this.added.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	List<PeerMessage> snapshot() {
		this.lock.lock();
		try {
			return List.copyOf(this.messages);
		}
		finally {
			this.lock.unlock();
		}
	}

	int size() {
		this.lock.lock();
		try {
			return this.messages.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	void clear() {
		this.lock.lock();
		try {
			this.messages.clear();
			this.generation++;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until at least {@code count} messages are in the log.
	 * @param what what a message is, for the failure message ("message", "request")
	 * @param describe the peer's description
	 * @return the first {@code count} messages
	 * @throws AssertionError when fewer arrived before the deadline
	 */
	List<PeerMessage> awaitCount(int count, Duration timeout, String what, Supplier<String> describe) {
		if (count < 0) {
			throw new IllegalArgumentException("count " + count + " must not be negative");
		}
		Objects.requireNonNull(timeout, "'timeout' must not be null");
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			while (this.messages.size() < count) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new AssertionError(describe.get() + " received " + this.messages.size() + " of the " + count
							+ " expected " + what + "s within " + timeout + ": " + shown(this.messages)
							+ ". Check that the application sends to the endpoint this peer binds or connects to.");
				}
				awaitNanos(left, what, describe);
			}
			return List.copyOf(this.messages.subList(0, count));
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until a message matching the predicate is in the log (one received earlier counts).
	 * @return the first matching message
	 * @throws AssertionError when none matched before the deadline
	 */
	PeerMessage awaitMatch(Predicate<? super PeerMessage> predicate, Duration timeout, String what,
			Supplier<String> describe) {
		Objects.requireNonNull(predicate, "'predicate' must not be null");
		Objects.requireNonNull(timeout, "'timeout' must not be null");
		long deadline = System.nanoTime() + timeout.toNanos();
		long seenGeneration = -1;
		int checked = 0;
		while (true) {
			List<PeerMessage> fresh;
			this.lock.lock();
			try {
				if (seenGeneration != this.generation) {
					seenGeneration = this.generation;
					checked = 0;
				}
				while (this.messages.size() <= checked) {
					long left = deadline - System.nanoTime();
					if (left <= 0) {
						throw new AssertionError(describe.get() + " received no " + what + " matching the predicate "
								+ "within " + timeout + "; it received " + this.messages.size() + " " + what + "(s): "
								+ shown(this.messages));
					}
					awaitNanos(left, what, describe);
					if (seenGeneration != this.generation) {
						seenGeneration = this.generation;
						checked = 0;
					}
				}
				fresh = new ArrayList<>(this.messages.subList(checked, this.messages.size()));
				checked = this.messages.size();
			}
			finally {
				this.lock.unlock();
			}
			for (PeerMessage message : fresh) {
				if (predicate.test(message)) {
					return message;
				}
			}
		}
	}

	private void awaitNanos(long nanos, String what, Supplier<String> describe) {
		try {
			this.added.await(nanos, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for a " + what + " of " + describe.get(), ex);
		}
	}

	static String shown(List<PeerMessage> messages) {
		if (messages.isEmpty()) {
			return "none";
		}
		StringBuilder text = new StringBuilder("[");
		for (int i = 0; i < Math.min(SHOWN, messages.size()); i++) {
			if (i > 0) {
				text.append(", ");
			}
			text.append('(').append(messages.get(i)).append(')');
		}
		if (messages.size() > SHOWN) {
			text.append(", ... ").append(messages.size() - SHOWN).append(" more");
		}
		return text.append(']').toString();
	}

}
