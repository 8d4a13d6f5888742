package io.github.zmqspring.core.internal;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Runs received work either inline in the socket's run (concurrency 1: one at a time, in order) or on a pool of
 * {@code concurrency} worker threads, started on demand and ended after a minute idle. With a pool, the loop stops receiving while too much work is queued ({@link #gate()}),
 * so a slow handler pushes back on the peers (their messages wait in ZeroMQ's queues) instead of filling memory; the
 * loop itself never blocks, so replies keep flowing.
 */
final class Dispatcher {

	private static final int QUEUED_PER_WORKER = 64;

	private static final long WORKER_KEEP_ALIVE_SECONDS = 60;

	private final @Nullable ExecutorService workers;

	private final int limit;

	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile boolean gated;

	private @Nullable SocketLoop loop;

	Dispatcher(String name, int concurrency, @Nullable ThreadFactory threadFactory) {
		if (concurrency < 1) {
			throw new IllegalArgumentException("socket '" + name + "': concurrency '" + concurrency + "' must be at least 1");
		}
		if (concurrency == 1) {
			this.workers = null;
			this.limit = Integer.MAX_VALUE;
		}
		else {
			AtomicInteger index = new AtomicInteger();
			ThreadPoolExecutor pool = new ThreadPoolExecutor(concurrency, concurrency, WORKER_KEEP_ALIVE_SECONDS,
					TimeUnit.SECONDS, new LinkedBlockingQueue<>(), (task) -> HandlerThreads.newThread(threadFactory, task,
							"zmq-" + name + "-worker-" + index.incrementAndGet()));
			// Workers start with the first message and end after a minute without one: an idle socket holds none.
			pool.allowCoreThreadTimeOut(true);
			this.workers = pool;
			this.limit = concurrency * QUEUED_PER_WORKER;
		}
	}

	void attach(SocketLoop loop) {
		this.loop = loop;
	}

	boolean gate() {
		if (this.inFlight.get() < this.limit) {
			return true;
		}
		this.gated = true;
		// Re-check: a worker may have finished between the read and the flag.
		return this.inFlight.get() < this.limit;
	}

	void dispatch(Runnable work) {
		if (this.workers == null) {
			work.run();
			return;
		}
		this.inFlight.incrementAndGet();
		this.workers.execute(() -> {
			try {
				work.run();
			}
			finally {
				this.inFlight.decrementAndGet();
				if (this.gated) {
					this.gated = false;
					this.loop.wake();
				}
			}
		});
	}

	/**
	 * The work handed to the workers and not finished yet (0 when work runs inline).
	 * @return the count
	 */
	int pending() {
		return this.inFlight.get();
	}

	/**
	 * Lets queued work finish within the timeout, then stops the workers.
	 * @param timeout the bound
	 * @return {@code true} when all work finished
	 */
	boolean shutdown(Duration timeout) {
		if (this.workers == null) {
			return true;
		}
		this.workers.shutdown();
		try {
			return this.workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
