package io.github.zmqspring.core.internal.engine;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a socket's links hold now, read under the socket's lock for the metrics and the actuator: how many peers are
 * attached, and how many messages wait in their pipes (both directions).
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
		lock.lock();
		try {
			int queued = 0;
			for (Link link : links) {
				queued += link.outbound.size() + link.inbound.size();
			}
			return queued;
		}
		finally {
			lock.unlock();
		}
	}


	static int queuedInbound(ReentrantLock lock, List<Link> links) {
		lock.lock();
		try {
			int queued = 0;
			for (Link link : links) {
				queued += link.inbound.size();
			}
			return queued;
		}
		finally {
			lock.unlock();
		}
	}

}
