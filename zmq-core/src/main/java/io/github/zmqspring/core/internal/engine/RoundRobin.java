package io.github.zmqspring.core.internal.engine;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Round-robin over a socket's links with room (PUSH, DEALER): each send starts after the link the last one used, and
 * skips the links at their high water mark. Not thread-safe (guarded by its socket's lock).
 */
final class RoundRobin {

	/** Where the next send starts. */
	private int next;

	/**
	 * Sends to the next link with room.
	 * @param links the socket's links
	 * @param message the message
	 * @return the link used, or {@code null} when every link is full (or there is none)
	 */
	@Nullable Link send(List<Link> links, byte[][] message) {
		int count = links.size();
		for (int i = 0; i < count; i++) {
			int index = (this.next + i) % count;
			Link link = links.get(index);
			if (link.outbound.offer(message)) {
				this.next = (index + 1) % count;
				return link;
			}
		}
		return null;
	}

	/**
	 * @param links the socket's links
	 * @return whether some link has room
	 */
	static boolean anyRoom(List<Link> links) {
		for (Link link : links) {
			if (link.outbound.hasRoom()) {
				return true;
			}
		}
		return false;
	}

}
