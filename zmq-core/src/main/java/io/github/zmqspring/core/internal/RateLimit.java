package io.github.zmqspring.core.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most one log line per interval for a repeated problem, with the count of the occurrences not logged since.
 * Thread-safe.
 */
final class RateLimit {

	private final long intervalNanos;

	private final AtomicLong next;

	private final AtomicLong suppressed = new AtomicLong();

	RateLimit(long interval, TimeUnit unit) {
		this.intervalNanos = unit.toNanos(interval);
		this.next = new AtomicLong(System.nanoTime());
	}

	/**
	 * Records an occurrence.
	 * @return the occurrences not logged since the last line (0 or more) when this one may be logged, or {@code -1}
	 * when it is to be counted only
	 */
	long occurred() {
		long now = System.nanoTime();
		long due = this.next.get();
		if (now - due >= 0 && this.next.compareAndSet(due, now + this.intervalNanos)) {
			return this.suppressed.getAndSet(0);
		}
		this.suppressed.incrementAndGet();
		return -1;
	}

}
