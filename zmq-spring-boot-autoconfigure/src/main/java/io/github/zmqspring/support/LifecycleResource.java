package io.github.zmqspring.support;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The one engine resource (socket, requester, proxy) a component opens in {@code start()} and closes in
 * {@code stop()}, on the project's one {@link ZmqLifecycle}: a start or a stop runs at most once however many threads
 * call it, no lock is held while the resource opens or closes, and readers see the current resource without locking.
 *
 * Used by the Spring Integration adapters and gateways and by {@link ZmqProxyLifecycle}. Thread-safe.
 *
 * @param <T> the resource type
 */
public final class LifecycleResource<T> {

	private final ZmqLifecycle lifecycle = new ZmqLifecycle();

	private final Supplier<T> opener;

	private final Consumer<T> closer;

	private volatile @Nullable T resource;

	/**
	 * Creates the holder; nothing opens before {@link #start()}.
	 * @param opener opens the resource (on the thread that starts)
	 * @param closer closes it (on the thread that stops)
	 */
	public LifecycleResource(Supplier<T> opener, Consumer<T> closer) {
		this.opener = opener;
		this.closer = closer;
	}

	/** Opens the resource, once; a failure leaves the state FAILED and is rethrown. */
	public void start() {
		this.lifecycle.start(() -> this.resource = this.opener.get());
	}

	/** Closes the resource, once. */
	public void stop() {
		this.lifecycle.stop(() -> {
			T current = this.resource;
			this.resource = null;
			if (current != null) {
				this.closer.accept(current);
			}
		});
	}

	/** @return the open resource, or {@code null} when not running */
	public @Nullable T get() {
		return this.resource;
	}

	/** @return whether the resource is open */
	public boolean isRunning() {
		return this.lifecycle.isRunning();
	}

	/** @return the life-cycle state */
	public ZmqLifecycle.State state() {
		return this.lifecycle.state();
	}

}
