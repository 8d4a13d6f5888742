package io.github.zmqspring.core.internal;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The deadlines of one requester's requests, without a timer task per request: requests with the same timeout expire
 * in the order they were sent, so each distinct timeout keeps a FIFO queue, and one timer task, armed for the earliest
 * head, expires what is due and re-arms itself. A request answered in time is only marked (its queue entry is skipped
 * when it comes up, or by the next request of the same timeout), so the request path costs a queue append and no
 * timer operation. Thread-safe.
 *
 * @param <T> the request type
 */
final class RequestDeadlines<T extends RequestDeadlines.Tracked> {

	/** What the deadlines need of a request. */
	interface Tracked {

		/** @return whether the request is settled (answered, failed or expired): its deadline no longer matters */
		boolean settled();

	}

	private record Entry<T>(T request, long deadline) {
	}

	private record Recent<T>(long timeoutNanos, Queue<Entry<T>> queue) {
	}

	/** The queue of the latest timeout tracked. */
	private volatile @Nullable Recent<T> recent;

	private final ScheduledExecutorService timer;

	private final Consumer<T> onExpired;

	/** One FIFO per distinct timeout, in nanoseconds. */
	private final Map<Long, Queue<Entry<T>>> queues = new ConcurrentHashMap<>();

	/** When the armed task runs ({@link System#nanoTime()}), {@link Long#MAX_VALUE} when none is armed. */
	private final AtomicLong armedFor = new AtomicLong(Long.MAX_VALUE);

	private final Object armLock = new Object();

	/** Guarded by {@link #armLock}. */
	private @Nullable ScheduledFuture<?> armed;

	private volatile boolean closed;

	RequestDeadlines(ScheduledExecutorService timer, Consumer<T> onExpired) {
		this.timer = timer;
		this.onExpired = onExpired;
	}

	/**
	 * Tracks a request sent now.
	 * @param request the request
	 * @param timeoutNanos its timeout
	 */
	void track(T request, long timeoutNanos) {
		long deadline = System.nanoTime() + timeoutNanos;
		Queue<Entry<T>> queue = queueFor(timeoutNanos);
		// Answered requests at the head go now, so that the queue holds about what is in flight, not a timeout's worth.
		Entry<T> head;
		while ((head = queue.peek()) != null && head.request().settled()) {
			queue.remove(head);
		}
		queue.add(new Entry<>(request, deadline));
		long current = this.armedFor.get();
		if (current == Long.MAX_VALUE || deadline - current < 0) {
			arm(deadline);
		}
	}

	/** Requests mostly share one timeout: its queue is found without boxing the timeout or a map lookup. */
	private Queue<Entry<T>> queueFor(long timeoutNanos) {
		Recent<T> recent = this.recent;
		if (recent != null && recent.timeoutNanos() == timeoutNanos) {
			return recent.queue();
		}
		Queue<Entry<T>> queue = this.queues.computeIfAbsent(timeoutNanos, (key) -> new ConcurrentLinkedQueue<>());
		this.recent = new Recent<>(timeoutNanos, queue);
		return queue;
	}

	private void arm(long deadline) {
		synchronized (this.armLock) {
			if (this.closed) {
				return;
			}
			long current = this.armedFor.get();
			if (current != Long.MAX_VALUE && current - deadline <= 0) {
				return;
			}
			if (this.armed != null) {
				this.armed.cancel(false);
			}
			this.armedFor.set(deadline);
			try {
				this.armed = this.timer.schedule(this::expire, Math.max(0, deadline - System.nanoTime()),
						TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				// The engine is closing: the requester fails what is pending when it closes.
				this.armedFor.set(Long.MAX_VALUE);
			}
		}
	}

	private void expire() {
		synchronized (this.armLock) {
			this.armedFor.set(Long.MAX_VALUE);
			this.armed = null;
		}
		long now = System.nanoTime();
		long next = Long.MAX_VALUE;
		for (Queue<Entry<T>> queue : this.queues.values()) {
			Entry<T> head;
			while ((head = queue.peek()) != null) {
				if (head.request().settled()) {
					queue.poll();
					continue;
				}
				if (head.deadline() - now > 0) {
					if (next == Long.MAX_VALUE || head.deadline() - next < 0) {
						next = head.deadline();
					}
					break;
				}
				queue.poll();
				this.onExpired.accept(head.request());
			}
		}
		if (next != Long.MAX_VALUE) {
			arm(next);
		}
	}

	/** Stops the timer task; pending requests are the requester's to fail. */
	void close() {
		synchronized (this.armLock) {
			this.closed = true;
			if (this.armed != null) {
				this.armed.cancel(false);
			}
		}
		this.queues.clear();
		this.recent = null;
	}

}
