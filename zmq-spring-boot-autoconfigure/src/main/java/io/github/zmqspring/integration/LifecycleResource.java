package io.github.zmqspring.integration;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The one engine resource (socket, requester, proxy) a component opens in {@code start()} and closes in
 * {@code stop()}: start and stop are serialised, idempotent and safe from any thread; readers see the current
 * resource without locking.
 *
 * @param <T> the resource type
 */
final class LifecycleResource<T> {

	private final ReentrantLock lock = new ReentrantLock();

	private final Supplier<T> opener;

	private final Consumer<T> closer;

	private volatile @Nullable T resource;

	LifecycleResource(Supplier<T> opener, Consumer<T> closer) {
		this.opener = opener;
		this.closer = closer;
	}

	void start() {
		this.lock.lock();
		try {
			if (this.resource == null) {
				this.resource = this.opener.get();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	void stop() {
		this.lock.lock();
		try {
			T current = this.resource;
			this.resource = null;
			if (current != null) {
				this.closer.accept(current);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Nullable T get() {
		return this.resource;
	}

	boolean isRunning() {
		return this.resource != null;
	}

}
