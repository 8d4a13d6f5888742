package io.github.zmqspring.core.internal;

import java.util.concurrent.ThreadFactory;

import org.jspecify.annotations.Nullable;

/**
 * Makes the threads that run socket work and handlers (the shared loop pool and the sockets' worker pools): platform
 * daemon threads by default, or threads of the engine's {@code handlerThreadFactory} (virtual ones, say), named after
 * their role either way.
 */
final class HandlerThreads {

	private HandlerThreads() {
	}

	/**
	 * A new, unstarted thread.
	 * @param factory the engine's factory, or {@code null} for platform daemon threads
	 * @param task what it runs
	 * @param name its name
	 * @return the thread
	 */
	static Thread newThread(@Nullable ThreadFactory factory, Runnable task, String name) {
		if (factory == null) {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		}
		Thread thread = factory.newThread(task);
		thread.setName(name);
		if (!thread.isDaemon()) {
			// a platform thread of the application's factory: it must not keep the JVM alive (virtual ones never do)
			thread.setDaemon(true);
		}
		return thread;
	}

}
