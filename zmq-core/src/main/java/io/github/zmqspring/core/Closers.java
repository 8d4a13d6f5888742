package io.github.zmqspring.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes things in parallel, one daemon thread each, waiting for them until a deadline: a slow linger of one socket
 * never delays the others, and nothing is interrupted.
 */
final class Closers {

	private static final Logger logger = LoggerFactory.getLogger(ZmqEngine.class);

	private Closers() {
	}

	/**
	 * Closes each of {@code closeables} on a thread of its own and waits for them until {@code deadline}.
	 * @param closeables what to close
	 * @param threadName the name of the closing threads
	 * @param deadline the {@link System#nanoTime()} to wait until
	 * @return {@code true} when every close returned before the deadline
	 */
	static boolean closeInParallel(List<AutoCloseable> closeables, String threadName, long deadline) {
		List<Thread> closers = new ArrayList<>(closeables.size());
		for (AutoCloseable closeable : closeables) {
			Thread closer = new Thread(() -> {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					logger.warn("Closing {} failed", closeable, ex);
				}
			}, threadName);
			closer.setDaemon(true);
			closer.start();
			closers.add(closer);
		}
		boolean all = true;
		for (Thread closer : closers) {
			joinUntil(closer, deadline);
			all &= !closer.isAlive();
		}
		return all;
	}

	private static void joinUntil(Thread thread, long deadline) {
		try {
			long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			if (remaining > 0) {
				thread.join(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
