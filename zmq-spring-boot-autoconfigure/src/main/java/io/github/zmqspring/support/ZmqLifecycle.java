package io.github.zmqspring.support;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The life cycle of a component that opens engine resources in {@code start()} and closes them in {@code stop()}
 * (named sockets, listener containers, adapters, proxies), written once: one {@link State} and compare-and-set
 * transitions, so that a start or a stop runs its work at most once however many threads call it, and no lock is
 * held while it runs. A component can be started again after a stop or a failed start. A stop while a start is
 * running (or a start while a stop is) is ignored; Spring's lifecycle processor never does either. Thread-safe.
 */
public final class ZmqLifecycle {

	private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);

	/**
	 * Moves to {@link State#STARTING}, runs {@code opener} and moves to {@link State#STARTED}; when the opener fails,
	 * the state is {@link State#FAILED} and the exception is rethrown.
	 * @param opener opens the resources
	 * @return whether this call started the component ({@code false}: it was starting or started already, or stopping)
	 */
	public boolean start(Runnable opener) {
		State from = this.state.get();
		if ((from != State.CREATED && from != State.STOPPED && from != State.FAILED)
				|| !this.state.compareAndSet(from, State.STARTING)) {
			return false;
		}
		try {
			opener.run();
		}
		catch (RuntimeException | Error ex) {
			this.state.set(State.FAILED);
			throw ex;
		}
		this.state.set(State.STARTED);
		return true;
	}

	/**
	 * Moves from {@link State#STARTED} to {@link State#STOPPING}, runs {@code closer} and moves to
	 * {@link State#STOPPED}, also when the closer fails.
	 * @param closer closes the resources
	 * @return whether this call stopped the component ({@code false}: it was not started)
	 */
	public boolean stop(Runnable closer) {
		if (!this.state.compareAndSet(State.STARTED, State.STOPPING)) {
			return false;
		}
		try {
			closer.run();
		}
		finally {
			this.state.set(State.STOPPED);
		}
		return true;
	}

	/**
	 * Marks a started component FAILED (its resource died); a later {@link #start(Runnable)} may start it again.
	 * @return whether it was started
	 */
	public boolean fail() {
		return this.state.compareAndSet(State.STARTED, State.FAILED);
	}

	/** @return the current state */
	public State state() {
		return this.state.get();
	}

	/** @return whether the component is {@link State#STARTED} */
	public boolean isRunning() {
		return this.state.get() == State.STARTED;
	}

	/**
	 * The states of a component's life cycle, as listener containers
	 * ({@link io.github.zmqspring.listener.ZmqListenerContainer#getState()}), adapters and proxies report them:
	 * {@code CREATED -> STARTING -> STARTED -> STOPPING -> STOPPED}, {@code STOPPED -> STARTING} on a restart,
	 * {@code STARTING -> FAILED} when the resources cannot be opened.
	 */
	public enum State {

		/** Created, never started. */
		CREATED,
		/** Opening its resources. */
		STARTING,
		/** Running. */
		STARTED,
		/** Closing its resources. */
		STOPPING,
		/** Stopped; may be started again. */
		STOPPED,
		/** Its resources could not be opened, or died; may be started again. */
		FAILED

	}

}
