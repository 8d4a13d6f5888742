package io.github.zmqspring.core.internal.engine;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.jspecify.annotations.Nullable;

/**
 * The links of one {@link EngineSocket} that have messages to read, in fair-queue order: a link whose inbound pipe
 * went from empty to non-empty is offered by its writer (an I/O thread, an inproc peer) without the socket's lock, and
 * joins the queue's tail when the socket next reads; each read takes one message from the head link, which goes to
 * the tail while it has more.
 * <p>
 * Guarded by the socket's lock, except {@link #offer}.
 */
final class FairQueue {

	/** Links whose inbound pipe went from empty to non-empty, fed by their writers without the lock. */
	private final ConcurrentLinkedQueue<Link> ready = new ConcurrentLinkedQueue<>();

	/** Links with messages to read, in fair-queue order. */
	private final ArrayDeque<Link> readable = new ArrayDeque<>();

	/**
	 * A link has messages (thread-safe).
	 * @param link the link
	 */
	void offer(Link link) {
		this.ready.offer(link);
	}

	/**
	 * Takes the next message in fair-queue order over the links that have one.
	 * @return the message and the link it came from, or {@code null}
	 */
	EngineSocket.@Nullable Received poll() {
		drainReady();
		Link link;
		while ((link = this.readable.pollFirst()) != null) {
			link.queuedForRead = false;
			Object item = link.inbound.poll();
			if (!link.inbound.isEmpty()) {
				link.queuedForRead = true;
				this.readable.addLast(link);
			}
			if (item instanceof byte[][] frames) {
				return new EngineSocket.Received(link, frames);
			}
		}
		return null;
	}

	/**
	 * Takes the next message fair-queued and prefixes it with the routing id of the link it came from (ROUTER,
	 * STREAM).
	 * @return the routed message, or {@code null}
	 */
	byte @Nullable [][] pollRouted() {
		EngineSocket.Received received = poll();
		if (received == null) {
			return null;
		}
		byte[][] frames = received.frames();
		byte[][] routed = new byte[frames.length + 1][];
		routed[0] = received.link().routingId;
		System.arraycopy(frames, 0, routed, 1, frames.length);
		return routed;
	}

	/**
	 * Whether some link has a message.
	 * @return {@code true} when {@link #poll()} would return one
	 */
	boolean any() {
		drainReady();
		while (!this.readable.isEmpty()) {
			Link head = this.readable.peekFirst();
			if (!head.inbound.isEmpty()) {
				return true;
			}
			this.readable.pollFirst();
			head.queuedForRead = false;
		}
		return false;
	}

	private void drainReady() {
		Link link;
		while ((link = this.ready.poll()) != null) {
			if (!link.queuedForRead && !link.inbound.isEmpty()) {
				link.queuedForRead = true;
				this.readable.addLast(link);
			}
		}
	}

}
