package io.github.zmqspring.core.internal;

import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Schedules the runs of one {@link SocketLoop} on the engine's {@link LoopRunner}: at most one run at a time, a run
 * scheduled only when the wake-ups go from none to one, and a run that still has work after its fair share going to
 * the back of the runner's queue.
 */
final class RunScheduler {

	/** Wake-ups not yet accounted for by a run; a run is scheduled when it goes from 0 to 1. */
	private final AtomicInteger wip = new AtomicInteger();

	/** One step of a run: returns {@code true} when work is left after a fair share. */
	private final BooleanSupplier step;

	/** Whether the loop has ended, so that no run does anything any more. */
	private final BooleanSupplier ended;

	private volatile @Nullable LoopRunner runner;

	/** The thread of the current run, or {@code null} between runs. */
	private volatile @Nullable Thread runThread;

	/** The name a run gives its thread (the socket's, for logs and thread dumps). */
	private volatile String threadName = "";

	RunScheduler(BooleanSupplier step, BooleanSupplier ended) {
		this.step = step;
		this.ended = ended;
	}

	/** @param runner where the runs execute */
	void runOn(LoopRunner runner) {
		this.runner = runner;
	}

	/** @return where the runs execute, or {@code null} when not set */
	@Nullable LoopRunner runner() {
		return this.runner;
	}

	/** @param threadName the name of a thread while it runs this loop */
	void threadName(String threadName) {
		this.threadName = threadName;
	}

	/** Makes sure a run looks at the loop soon (thread-safe; cheap when a run is already scheduled or running). */
	void wake() {
		LoopRunner pool = this.runner;
		if (pool != null && this.wip.getAndIncrement() == 0) {
			schedule(pool);
		}
	}

	/** @return whether a run is scheduled or running */
	boolean scheduled() {
		return this.wip.get() != 0;
	}

	/** @return whether the caller is the current run */
	boolean inRun() {
		return Thread.currentThread() == this.runThread;
	}

	private void schedule(LoopRunner pool) {
		try {
			pool.execute(this::drain);
		}
		catch (RejectedExecutionException ex) {
			// The engine is stopping its runner: finish this socket's work on the caller's thread.
			drain();
		}
	}

	/** One run: steps until there is no work, or yields after a fair share. */
	private void drain() {
		Thread thread = Thread.currentThread();
		if (!thread.getName().equals(this.threadName)) {
			// Named after the socket it runs, for logs and thread dumps; a thread that runs the same socket again (the
			// common case under load) is not renamed, which would cost a system call per run.
			thread.setName(this.threadName);
		}
		this.runThread = thread;
		try {
			int missed = 1;
			while (true) {
				if (this.ended.getAsBoolean()) {
					return;
				}
				boolean more = this.step.getAsBoolean();
				if (more && !this.ended.getAsBoolean()) {
					// A fair share done and work left: this socket goes to the back of the pool's queue.
					schedule(Objects.requireNonNull(this.runner));
					return;
				}
				missed = this.wip.addAndGet(-missed);
				if (missed == 0) {
					return;
				}
			}
		}
		finally {
			this.runThread = null;
		}
	}

}
