package io.github.zmqspring.core.internal.engine;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;

/**
 * What a socket's links hold now, read under the socket's lock for the metrics and the actuator: how many peers are
 * attached, and how many messages wait in their pipes (both directions, or those received only).
 */
final class LinkCounts {

	private LinkCounts() {
	}

	static int peers(ReentrantLock lock, List<Link> links) {
		lock.lock();
		try {
			return links.size();
		}
		finally {
			lock.unlock();
		}
	}

	static int queued(ReentrantLock lock, List<Link> links) {
		return sum(lock, links, (link) -> link.outbound.size() + link.inbound.size());
	}

	static int queuedInbound(ReentrantLock lock, List<Link> links) {
		return sum(lock, links, (link) -> link.inbound.size());
	}

	private static int sum(ReentrantLock lock, List<Link> links, ToIntFunction<Link> count) {
		lock.lock();
		try {
			int sum = 0;
			for (Link link : links) {
				sum += count.applyAsInt(link);
			}
			return sum;
		}
		finally {
			lock.unlock();
		}
	}

}
