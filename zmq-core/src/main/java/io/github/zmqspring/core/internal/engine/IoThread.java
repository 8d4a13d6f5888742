package io.github.zmqspring.core.internal.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.Thread.UncaughtExceptionHandler;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One I/O thread: a selector serving many channels (listeners, connecters, connections of any socket), a task queue
 * other threads feed, and timers. Channels are registered and their interest ops changed only on this thread; other
 * threads hand it tasks, and wake its selector only when it sleeps.
 */
final class IoThread implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(IoThread.class);

	/** What a registered channel's attachment does when the channel is ready. */
	interface Handler {

		/**
		 * Handles readiness. May throw; the I/O thread then reports the failure and calls {@link #fail}.
		 * @param key the key
		 * @throws IOException on I/O errors
		 */
		void ready(SelectionKey key) throws IOException;

		/**
		 * Closes the handler after an unexpected failure.
		 * @param failure the failure
		 */
		void fail(Throwable failure);

	}

	/** A task to run at a deadline, on this thread. */
	static final class Timer implements Comparable<Timer> {

		final long deadline;

		final Runnable task;

		boolean cancelled;

		Timer(long deadline, Runnable task) {
			this.deadline = deadline;
			this.task = task;
		}

		void cancel() {
			this.cancelled = true;
		}

		@Override
		public int compareTo(Timer other) {
			return Long.compare(this.deadline, other.deadline);
		}

	}

	private final Selector selector;

	private final Thread thread;

	private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean sleeping = new AtomicBoolean();

	private final PriorityQueue<Timer> timers = new PriorityQueue<>();

	private final UncaughtExceptionHandler faultHandler;

	/** One read buffer for every connection of this thread: decoders keep their own partial state. */
	final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);

	/**
	 * Where this thread's connections encode what they write, one at a time: a connection keeps bytes of its own only
	 * when the socket would not take them all (see {@link Outgoing#keep}), so an idle one holds no output buffer.
	 */
	final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(64 * 1024);

	private volatile boolean stopping;

	IoThread(String name, UncaughtExceptionHandler faultHandler) {
		try {
			this.selector = Selector.open();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot open a selector for I/O thread " + name, ex);
		}
		this.faultHandler = faultHandler;
		this.thread = new Thread(this, name);
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	/** @return whether the caller runs on this I/O thread */
	boolean inThread() {
		return Thread.currentThread() == this.thread;
	}

	/**
	 * Runs a task on this thread, soon (thread-safe).
	 * @param task the task
	 */
	void execute(Runnable task) {
		this.tasks.offer(task);
		if (this.sleeping.get() && this.sleeping.compareAndSet(true, false)) {
			this.selector.wakeup();
		}
	}

	/**
	 * Schedules a task (this thread only).
	 * @param delayNanos the delay
	 * @param task the task
	 * @return the timer, to cancel it
	 */
	Timer schedule(long delayNanos, Runnable task) {
		Timer timer = new Timer(System.nanoTime() + delayNanos, task);
		this.timers.add(timer);
		return timer;
	}

	/** @return the selector (register channels on this thread only) */
	Selector selector() {
		return this.selector;
	}

	/**
	 * Stops the thread once its queued tasks ran, and waits for it.
	 * @param timeoutMillis how long to wait
	 */
	void stop(long timeoutMillis) {
		this.stopping = true;
		this.selector.wakeup();
		if (!inThread()) {
			try {
				this.thread.join(timeoutMillis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public void run() {
		try {
			while (!this.stopping) {
				runTasks();
				long timeout = runTimers();
				this.sleeping.set(true);
				if (!this.tasks.isEmpty() || this.stopping) {
					this.sleeping.set(false);
					this.selector.selectNow();
				}
				else {
					this.selector.select(timeout);
					this.sleeping.set(false);
				}
				handleSelected();
			}
			runTasks();
		}
		catch (Throwable ex) {
			this.faultHandler.uncaughtException(this.thread, ex);
		}
		finally {
			for (SelectionKey key : this.selector.keys()) {
				try {
					key.channel().close();
				}
				catch (IOException ex) {
					logger.debug("Closing a channel at I/O thread stop failed", ex);
				}
			}
			try {
				this.selector.close();
			}
			catch (IOException ex) {
				logger.debug("Closing the selector of {} failed", this.thread.getName(), ex);
			}
		}
	}

	private void runTasks() {
		Runnable task;
		int budget = 4096;
		while (budget-- > 0 && (task = this.tasks.poll()) != null) {
			try {
				task.run();
			}
			catch (Throwable ex) {
				this.faultHandler.uncaughtException(this.thread, ex);
			}
		}
	}

	/** @return the select timeout in ms until the next timer (0 = none) */
	private long runTimers() {
		long now = System.nanoTime();
		Timer next;
		while ((next = this.timers.peek()) != null) {
			if (next.cancelled) {
				this.timers.poll();
				continue;
			}
			if (next.deadline - now > 0) {
				return Math.max(1, TimeUnit.NANOSECONDS.toMillis(next.deadline - now) + 1);
			}
			this.timers.poll();
			try {
				next.task.run();
			}
			catch (Throwable ex) {
				this.faultHandler.uncaughtException(this.thread, ex);
			}
			now = System.nanoTime();
		}
		return 0;
	}

	private void handleSelected() {
		Iterator<SelectionKey> selected = this.selector.selectedKeys().iterator();
		while (selected.hasNext()) {
			SelectionKey key = selected.next();
			selected.remove();
			Handler handler = (Handler) key.attachment();
			if (handler == null || !key.isValid()) {
				continue;
			}
			try {
				handler.ready(key);
			}
			catch (CancelledKeyException ex) {
				// The handler closed its channel while handling it.
			}
			catch (Throwable ex) {
				try {
					handler.fail(ex);
				}
				catch (Throwable nested) {
					ex.addSuppressed(nested);
				}
				if (!(ex instanceof IOException)) {
					this.faultHandler.uncaughtException(this.thread, ex);
				}
			}
		}
	}

}
