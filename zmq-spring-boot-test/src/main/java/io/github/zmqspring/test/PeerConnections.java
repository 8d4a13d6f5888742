package io.github.zmqspring.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventType;

/**
 * The connections of one peer socket, followed through the engine's socket events: a connection counts once its ZMTP
 * handshake succeeded and until it is disconnected. Also keeps the socket's recent events. Thread-safe.
 */
final class PeerConnections {

	/** How many events are kept. */
	private static final int KEPT_EVENTS = 256;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	/** Handshaken connections by peer address (a count: an address can come back after a reconnect). */
	private final Map<String, Integer> active = new HashMap<>();

	private final List<SocketEvent> events = new ArrayList<>();

	private long handshakes;

	void onEvent(SocketEvent event) {
		this.lock.lock();
		try {
			if (this.events.size() == KEPT_EVENTS) {
				this.events.remove(0);
			}
			this.events.add(event);
			if (event.type() == SocketEventType.HANDSHAKE_SUCCEEDED) {
				this.active.merge(event.endpoint(), 1, Integer::sum);
				this.handshakes++;
			}
			else if (event.type() == SocketEventType.DISCONNECTED) {
				this.active.computeIfPresent(event.endpoint(), (address, count) -> (count > 1) ? count - 1 : null);
			}
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	int count() {
		this.lock.lock();
		try {
			return this.active.values().stream().mapToInt(Integer::intValue).sum();
		}
		finally {
			this.lock.unlock();
		}
	}

	long handshakes() {
		this.lock.lock();
		try {
			return this.handshakes;
		}
		finally {
			this.lock.unlock();
		}
	}

	List<SocketEvent> events() {
		this.lock.lock();
		try {
			return List.copyOf(this.events);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until at least {@code count} connections are up.
	 * @throws AssertionError when fewer were up at the deadline
	 */
	void awaitConnected(int count, Duration timeout, Supplier<String> describe) {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			while (count() < count) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new AssertionError(describe.get() + " had " + count() + " of the " + count
							+ " expected connected peer(s) after " + timeout + " (" + this.handshakes
							+ " handshake(s) so far; recent events: " + recentEvents() + "). Check that the other side "
							+ "binds or connects to the endpoint of this peer, with a compatible socket type.");
				}
				await(left, describe);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until a first connection has ever completed its handshake (it may be gone since).
	 * @throws AssertionError when none did before the deadline
	 */
	void awaitFirstHandshake(Duration timeout, Supplier<String> describe) {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			while (this.handshakes == 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new AssertionError(describe.get() + ": no peer connected within " + timeout
							+ " (recent events: " + recentEvents() + "), so nothing was sent. Check that the application"
							+ " binds or connects to the endpoint of this peer and has started.");
				}
				await(left, describe);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void await(long nanos, Supplier<String> describe) {
		try {
			this.changed.await(nanos, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for the connections of " + describe.get(), ex);
		}
	}

	/** @return the last few events, for failure messages; call with the lock held */
	private String recentEvents() {
		if (this.events.isEmpty()) {
			return "none";
		}
		List<String> shown = new ArrayList<>();
		for (SocketEvent event : this.events.subList(Math.max(0, this.events.size() - 5), this.events.size())) {
			shown.add(event.type() + (event.endpoint().isEmpty() ? "" : " " + event.endpoint()));
		}
		return String.join(", ", shown);
	}

}
