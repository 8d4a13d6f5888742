package io.github.zmqspring.core.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Runs the engine's receiving sockets: no thread per socket, but a shared, elastic pool whose threads run one socket's
 * work at a time (its commands, events and received messages, handlers included) for as long as it has some, then go
 * back to the pool. An idle socket holds no thread; a busy one holds one, as a dedicated thread would, so a handler
 * that blocks never starves the other sockets. Idle pool threads end after a minute.
 * <p>
 * Wake-ups come from the sockets' own signals; as a safety net, a check once a second wakes any socket that has work
 * and no run scheduled, so a lost signal costs at most that second. Thread-safe.
 */
public final class LoopRunner implements Executor {

	private static final long KEEP_ALIVE_SECONDS = 60;

	private final String threadPrefix;

	private final ThreadPoolExecutor pool;

	private final @Nullable ThreadFactory threadFactory;

	private final Set<SocketLoop> loops = ConcurrentHashMap.newKeySet();

	private final ScheduledFuture<?> safetyNet;

	/**
	 * Creates the runner.
	 * @param engineName the engine's name, for thread names
	 * @param timer the engine's timer, for the once-a-second check
	 * @param threadFactory where the pool's threads (and the sockets' worker threads) come from, or {@code null} for
	 * platform daemon threads
	 */
	public LoopRunner(String engineName, ScheduledExecutorService timer, @Nullable ThreadFactory threadFactory) {
		this.threadPrefix = "zmq-" + engineName + "-loop-";
		this.threadFactory = threadFactory;
		AtomicInteger index = new AtomicInteger();
		this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
				new SynchronousQueue<>(),
				(task) -> HandlerThreads.newThread(threadFactory, task, this.threadPrefix + index.incrementAndGet()));
		this.safetyNet = timer.scheduleWithFixedDelay(this::recheck, 1, 1, TimeUnit.SECONDS);
	}

	@Override
	public void execute(Runnable command) {
		this.pool.execute(command);
	}

	void register(SocketLoop loop) {
		this.loops.add(loop);
	}

	void unregister(SocketLoop loop) {
		this.loops.remove(loop);
	}

	/** @return where handler threads come from, or {@code null} for platform daemon threads */
	@Nullable ThreadFactory threadFactory() {
		return this.threadFactory;
	}

	/** @return the number of pool threads alive now (running a socket or idle) */
	public int threads() {
		return this.pool.getPoolSize();
	}

	private void recheck() {
		for (SocketLoop loop : this.loops) {
			try {
				loop.wakeIfWorkWaits();
			}
			catch (RejectedExecutionException ex) {
				return;
			}
		}
	}

	/**
	 * Stops the pool once every socket closed (their runs have ended); threads still running a handler are not
	 * interrupted.
	 */
	public void shutdown() {
		this.safetyNet.cancel(false);
		this.pool.shutdown();
	}

}
