package io.github.zmqspring.core.internal.engine;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * A one-way queue of whole messages ({@code byte[][]}) between a writer and a reader, bounded by a high water mark
 * counted in messages, as libzmq's pipes are. Thread-safe for one writer at a time and one reader at a time, on any
 * threads.
 * <p>
 * Wake-ups happen only on transitions: the reader is told when the pipe goes from empty to non-empty, the writer when
 * a pipe it found full drains to the low water mark ({@code (hwm + 1) / 2}, as libzmq). Both callbacks must be cheap
 * and must not block; they may run on the other side's thread.
 */
final class Pipe {

	/** Receives a pipe's transitions. */
	interface Listener {

		/**
		 * Called by the writer when the pipe went from empty to non-empty.
		 * @param pipe the pipe
		 */
		void readable(Pipe pipe);

		/**
		 * Called by the reader when a pipe that refused a message has room again.
		 * @param pipe the pipe
		 */
		void writable(Pipe pipe);

		/**
		 * A listener of the readable transition only.
		 * @param action what to do when the pipe becomes readable
		 * @return the listener
		 */
		static Listener onReadable(Runnable action) {
			return new Listener() {

				@Override
				public void readable(Pipe pipe) {
					action.run();
				}

				@Override
				public void writable(Pipe pipe) {
				}

			};
		}

		/**
		 * A listener of the writable transition only.
		 * @param action what to do when the pipe has room again
		 * @return the listener
		 */
		static Listener onWritable(Runnable action) {
			return new Listener() {

				@Override
				public void readable(Pipe pipe) {
				}

				@Override
				public void writable(Pipe pipe) {
					action.run();
				}

			};
		}

	}

	private static final Listener NONE = new Listener() {

		@Override
		public void readable(Pipe pipe) {
		}

		@Override
		public void writable(Pipe pipe) {
		}

	};

	private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	private final AtomicBoolean writerBlocked = new AtomicBoolean();

	private final int hwm;

	private final int lwm;

	private volatile Listener reader = NONE;

	private volatile Listener writer = NONE;

	/** Whether writers that ask first are refused (the socket closes without losing what it received). */
	private volatile boolean sealed;

	/**
	 * Creates a pipe.
	 * @param hwm the high water mark in messages, 0 for none
	 */
	Pipe(int hwm) {
		this.hwm = hwm;
		this.lwm = (hwm + 1) / 2;
	}

	/**
	 * Sets who is told when the pipe becomes readable.
	 * @param reader the reader's listener
	 */
	void reader(Listener reader) {
		this.reader = reader;
	}

	/**
	 * Sets who is told when the pipe has room again.
	 * @param writer the writer's listener
	 */
	void writer(Listener writer) {
		this.writer = writer;
	}

	/**
	 * Seals the pipe: from now on {@link #offer} and the room checks refuse, as at the high water mark (an inproc
	 * peer's messages stay with the peer), while a connection still hands over what it already read
	 * ({@link #offerRead}) and then stops reading (see {@link #sealed()}). What is queued stays readable.
	 */
	void seal() {
		this.sealed = true;
	}

	/** @return whether the pipe is sealed */
	boolean sealed() {
		return this.sealed;
	}

	/**
	 * Whether a message would be taken now.
	 * @return {@code false} at the high water mark
	 */
	boolean hasRoom() {
		return !this.sealed && (this.hwm == 0 || this.size.get() < this.hwm);
	}

	/**
	 * Whether a message would be taken now; when not, the writer is told (via its listener) once there is room again.
	 * @return {@code false} at the high water mark
	 */
	boolean hasRoomOrWatch() {
		if (!this.sealed && (this.hwm == 0 || this.size.get() < this.hwm)) {
			return true;
		}
		this.writerBlocked.set(true);
		return !this.sealed && this.size.get() < this.hwm;
	}

	/**
	 * Queues a message if the pipe is below its high water mark; otherwise remembers that the writer waits for room.
	 * @param message a {@code byte[][]} message or a control item
	 * @return {@code true} when queued
	 */
	boolean offer(Object message) {
		if (this.sealed) {
			this.writerBlocked.set(true);
			return false;
		}
		return offerRead(message);
	}

	/**
	 * Queues a message a connection decoded from what it already read: as {@link #offer}, but a sealed pipe takes it
	 * too (below the high water mark), since it was received.
	 * @param message the message
	 * @return {@code true} when queued
	 */
	boolean offerRead(Object message) {
		if (this.hwm != 0 && this.size.get() >= this.hwm) {
			this.writerBlocked.set(true);
			// Re-check: the reader may have drained the pipe before it could see the flag.
			if (this.size.get() >= this.hwm) {
				return false;
			}
		}
		return force(message);
	}

	/**
	 * Queues an item whatever the high water mark (control items, and a message the writer already counted).
	 * @param item the item
	 * @return {@code true}
	 */
	boolean force(Object item) {
		this.queue.offer(item);
		if (this.size.getAndIncrement() == 0) {
			this.reader.readable(this);
		}
		return true;
	}

	/**
	 * Takes the oldest item.
	 * @return the item, or {@code null} when the pipe is empty
	 */
	@Nullable Object poll() {
		Object item = this.queue.poll();
		if (item != null) {
			int left = this.size.decrementAndGet();
			if (left <= this.lwm && this.writerBlocked.get() && this.writerBlocked.compareAndSet(true, false)) {
				this.writer.writable(this);
			}
		}
		return item;
	}

	/**
	 * Looks at the oldest item without taking it.
	 * @return the item, or {@code null}
	 */
	@Nullable Object peek() {
		return this.queue.peek();
	}

	/**
	 * The number of queued items.
	 * @return the count
	 */
	int size() {
		return this.size.get();
	}

	/**
	 * Whether nothing is queued.
	 * @return {@code true} when empty
	 */
	boolean isEmpty() {
		return this.size.get() == 0;
	}

	/**
	 * Drops every queued item.
	 * @return how many messages ({@code byte[][]} items) were dropped
	 */
	int clear() {
		int dropped = 0;
		Object item;
		while ((item = poll()) != null) {
			if (item instanceof byte[][]) {
				dropped++;
			}
		}
		return dropped;
	}

	/** @return the high water mark, 0 for none */
	int hwm() {
		return this.hwm;
	}

}
