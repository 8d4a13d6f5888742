package io.github.zmqspring.core.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

import io.github.zmqspring.core.SocketEventType;

/**
 * Notices connections that completed their TCP connect but not their ZMTP greeting in time, and asks the driver to
 * recover them (JeroMQ 0.6.0's connect hand-off race, issue #912). Used by one socket loop, on its thread only.
 * <p>
 * Recovery is lossless: the driver re-arms the stalled registration (no disconnect, so nothing queued for the peer is
 * dropped). A slow but healthy handshake only costs a few cheap nudges, spaced by an exponential back-off.
 */
final class HandshakeWatchdog {

	private static final int MAX_BACKOFF_SHIFT = 6;

	private final long thresholdNanos;

	private final Map<String, Pending> pending = new HashMap<>();

	private final Map<String, Integer> awaitingHandshake = new HashMap<>();

	HandshakeWatchdog(long thresholdNanos) {
		this.thresholdNanos = thresholdNanos;
	}

	void onEvent(SocketEventType type, String endpoint, long now) {
		switch (type) {
			case CONNECTED -> this.pending.put(endpoint, new Pending(now + this.thresholdNanos));
			case HANDSHAKE_SUCCEEDED, HANDSHAKE_FAILED, AUTH_FAILED, DISCONNECTED, CLOSED -> this.pending.remove(endpoint);
			default -> {
			}
		}
	}

	/**
	 * Follows connections from their TCP connect (or accept) to their handshake, and tells when one closed before its
	 * handshake completed: JeroMQ 0.6.0 reports a mechanism mismatch (a NULL client at a CURVE server), a ZMTP
	 * downgrade to a secured socket or an expired handshake timer with a bare DISCONNECTED. Connections are told apart
	 * by endpoint and counted, since JeroMQ names accepted connections by their listener's endpoint.
	 * @param type the event type
	 * @param endpoint the event's endpoint
	 * @return {@code true} when this event closed a connection whose handshake never completed
	 */
	boolean closedBeforeHandshake(SocketEventType type, String endpoint) {
		switch (type) {
			case CONNECTED, ACCEPTED -> this.awaitingHandshake.merge(endpoint, 1, Integer::sum);
			case HANDSHAKE_SUCCEEDED, HANDSHAKE_FAILED, AUTH_FAILED -> settle(endpoint);
			case DISCONNECTED -> {
				return settle(endpoint);
			}
			default -> {
			}
		}
		return false;
	}

	private boolean settle(String endpoint) {
		Integer waiting = this.awaitingHandshake.get(endpoint);
		if (waiting == null) {
			return false;
		}
		if (waiting <= 1) {
			this.awaitingHandshake.remove(endpoint);
		}
		else {
			this.awaitingHandshake.put(endpoint, waiting - 1);
		}
		return true;
	}

	/**
	 * Nudges for each overdue connection.
	 * @param now the current {@link System#nanoTime()}
	 * @param onStall called once per connection when it is first found stalled
	 * @param nudge the recovery action
	 */
	void check(long now, Consumer<String> onStall, Runnable nudge) {
		if (this.pending.isEmpty()) {
			return;
		}
		boolean nudged = false;
		for (Iterator<Map.Entry<String, Pending>> it = this.pending.entrySet().iterator(); it.hasNext();) {
			Map.Entry<String, Pending> entry = it.next();
			Pending p = entry.getValue();
			if (now - p.nextCheck < 0) {
				continue;
			}
			if (p.attempts == 0) {
				onStall.accept(entry.getKey());
			}
			if (!nudged) {
				nudge.run();
				nudged = true;
			}
			p.attempts++;
			p.nextCheck = now + (this.thresholdNanos << Math.min(p.attempts, MAX_BACKOFF_SHIFT));
		}
	}

	/**
	 * The next time {@link #check} has something to do.
	 * @return a {@link System#nanoTime()} value, or {@code Long.MAX_VALUE} when nothing is pending
	 */
	long nextDeadline() {
		long next = Long.MAX_VALUE;
		for (Pending p : this.pending.values()) {
			next = Math.min(next, p.nextCheck);
		}
		return next;
	}

	private static final class Pending {

		long nextCheck;

		int attempts;

		Pending(long nextCheck) {
			this.nextCheck = nextCheck;
		}

	}

}
