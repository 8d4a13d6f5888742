package io.github.zmqspring.core.internal;

import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventListener;
import io.github.zmqspring.core.SocketEventReason;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * The events of one {@link SocketLoop}'s socket, from the I/O threads to the listeners: queued for the socket's run
 * (so that listeners never run on an I/O thread, nor under a lock), or, for a socket without a run, handed to one
 * executor thread, in order. Each event is counted where it is published.
 */
final class LoopEvents {

	private static final Logger logger = LoggerFactory.getLogger(SocketLoop.class);

	private final ZmqSocketSpec spec;

	private final SocketCounters counters;

	private final SocketEventListener listener;

	private final ConcurrentLinkedQueue<SocketEvent> queued = new ConcurrentLinkedQueue<>();

	/** Where events go when the socket has no run (see {@link SocketLoop#publishEventsWith}). */
	private volatile @Nullable Executor executor;

	LoopEvents(ZmqSocketSpec spec, SocketCounters counters, SocketEventListener listener) {
		this.spec = spec;
		this.counters = counters;
		this.listener = listener;
	}

	/** @param executor where the events of a socket without a run are published */
	void publishWith(Executor executor) {
		this.executor = executor;
	}

	/** @return the executor set by {@link #publishWith}, or {@code null} */
	@Nullable Executor executor() {
		return this.executor;
	}

	/**
	 * Takes an event from the driver (on an I/O thread).
	 * @param withoutRun whether the socket has no run, so that the executor publishes the event
	 * @return {@code true} when the event was queued for the socket's run, which must be woken
	 */
	boolean offer(SocketEventType type, String endpoint, int value, SocketEventReason reason, boolean withoutRun) {
		SocketEvent event = new SocketEvent(this.spec.name(), this.spec.type(), type, endpoint, value, Instant.now(),
				reason);
		Executor events = this.executor;
		if (withoutRun && events != null) {
			try {
				events.execute(() -> publish(event));
			}
			catch (RejectedExecutionException ex) {
				// The engine is closing: its listeners are done.
				this.counters.event(event.type());
			}
			return false;
		}
		this.queued.offer(event);
		return true;
	}

	/** @return whether events wait for the socket's run */
	boolean waiting() {
		return !this.queued.isEmpty();
	}

	/**
	 * Publishes the queued events (on the socket's run).
	 * @return whether there were any
	 */
	boolean publishQueued() {
		boolean any = false;
		SocketEvent event;
		while ((event = this.queued.poll()) != null) {
			publish(event);
			any = true;
		}
		return any;
	}

	private void publish(SocketEvent event) {
		this.counters.event(event.type());
		try {
			this.listener.onEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A socket event listener failed on {} for socket '{}'", event.type(), this.spec.name(), ex);
		}
	}

}
