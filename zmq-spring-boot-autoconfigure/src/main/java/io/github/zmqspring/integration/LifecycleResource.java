package io.github.zmqspring.integration;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.support.ZmqLifecycle;

/**
 * The one engine resource (socket, requester, proxy) a component opens in {@code start()} and closes in
 * {@code stop()}, on the project's one {@link ZmqLifecycle}: a start or a stop runs at most once however many threads
 * call it, no lock is held while the resource opens or closes, and readers see the current resource without locking.
 *
 * @param <T> the resource type
 */
final class LifecycleResource<T> {

	private final ZmqLifecycle lifecycle = new ZmqLifecycle();

	private final Supplier<T> opener;

	private final Consumer<T> closer;

	private volatile @Nullable T resource;

	LifecycleResource(Supplier<T> opener, Consumer<T> closer) {
		this.opener = opener;
		this.closer = closer;
	}

	void start() {
		this.lifecycle.start(() -> this.resource = this.opener.get());
	}

	void stop() {
		this.lifecycle.stop(() -> {
			T current = this.resource;
			this.resource = null;
			if (current != null) {
				this.closer.accept(current);
			}
		});
	}

	@Nullable T get() {
		return this.resource;
	}

	boolean isRunning() {
		return this.lifecycle.isRunning();
	}

	ZmqLifecycle.State state() {
		return this.lifecycle.state();
	}

}
