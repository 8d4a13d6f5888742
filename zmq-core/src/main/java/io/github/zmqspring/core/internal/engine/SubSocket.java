package io.github.zmqspring.core.internal.engine;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqException;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.DriverEventSink;
import io.github.zmqspring.core.internal.SendResult;

/**
 * SUB and XSUB (RFC 29): subscriptions are counted (subscribe twice, cancel once: still subscribed); a peer is told
 * of a prefix when its count goes from 0 to 1 and of its cancellation when it returns to 0, and every new connection
 * (a reconnect included) first gets all of them. Messages are fair-queued; SUB filters them again locally by prefix,
 * XSUB passes everything on and sends: {@code 01}/{@code 00} + topic messages become subscriptions, other messages go
 * to every publisher.
 */
final class SubSocket extends EngineSocket {

	private final boolean xsub;

	/** Subscribed prefixes and how many times each was subscribed. */
	private final SubscriptionIndex<Integer> subscriptions = new SubscriptionIndex<>();

	SubSocket(ZmqSocketSpec spec, boolean xsub, ZmtpDriver driver, DriverEventSink events, Runnable signal) {
		super(spec, xsub ? SocketType.XSUB : SocketType.SUB, driver, events, signal);
		this.xsub = xsub;
		for (byte[] prefix : spec.subscriptions()) {
			count(true, prefix.clone());
		}
	}

	@Override
	public void subscribe(byte[] prefix) {
		change(true, prefix.clone());
	}

	@Override
	public void unsubscribe(byte[] prefix) {
		change(false, prefix.clone());
	}

	private void change(boolean subscribe, byte[] topic) {
		List<Link> inproc = new ArrayList<>();
		this.lock.lock();
		try {
			if (!count(subscribe, topic)) {
				return;
			}
			for (Link link : this.links) {
				forward(link, subscribe, topic, inproc);
			}
		}
		finally {
			this.lock.unlock();
		}
		deliverInproc(inproc, subscribe, topic);
	}

	/** @return whether peers must be told */
	private boolean count(boolean subscribe, byte[] topic) {
		Prefix prefix = new Prefix(topic);
		Integer count = this.subscriptions.get(prefix);
		if (subscribe) {
			this.subscriptions.put(prefix, (count == null) ? 1 : count + 1);
			return count == null;
		}
		if (count == null) {
			return false;
		}
		if (count == 1) {
			this.subscriptions.remove(prefix);
			return true;
		}
		this.subscriptions.put(prefix, count - 1);
		return false;
	}

	private static void forward(Link link, boolean subscribe, byte[] topic, List<Link> inproc) {
		if (link.inproc) {
			// Not joined yet: the join replays every subscription.
			if (link.inprocSocket != null) {
				inproc.add(link);
			}
		}
		else {
			link.outbound.force(new SubscriptionItem(subscribe, topic));
		}
	}

	private static void deliverInproc(List<Link> inproc, boolean subscribe, byte[] topic) {
		// Outside this socket's lock: the publisher takes its own.
		for (Link link : inproc) {
			EngineSocket publisher = link.inprocSocket;
			Link peer = link.inprocPeer;
			if (publisher != null && peer != null) {
				publisher.onPeerSubscription(peer, subscribe, topic);
			}
		}
	}

	@Override
	boolean xattach(Link link) {
		if (link.inproc) {
			// Replayed by the driver once the link is attached on both sides (see replayInproc).
			return true;
		}
		for (Prefix prefix : this.subscriptions.entries().keySet()) {
			link.outbound.force(new SubscriptionItem(true, prefix.toArray()));
		}
		return true;
	}

	/**
	 * Sends every subscription to a new inproc peer (the driver calls it outside the lock once both sides are
	 * attached).
	 * @param link the link to the publisher
	 */
	void replayInproc(Link link) {
		List<byte[]> topics = new ArrayList<>();
		this.lock.lock();
		try {
			for (Prefix prefix : this.subscriptions.entries().keySet()) {
				topics.add(prefix.toArray());
			}
		}
		finally {
			this.lock.unlock();
		}
		for (byte[] topic : topics) {
			deliverInproc(List.of(link), true, topic);
		}
	}

	@Override
	byte @Nullable [][] xreceive() {
		Received received;
		while ((received = pollFairly()) != null) {
			byte[][] frames = received.frames();
			if (this.xsub || this.subscriptions.matches((frames.length > 0) ? frames[0] : new byte[0])) {
				return frames;
			}
		}
		return null;
	}

	@Override
	SendResult xsend(byte[][] frames) {
		if (!this.xsub) {
			throw new ZmqException("socket '" + this.spec.name() + "': a SUB socket cannot send; subscribe instead");
		}
		byte[] first = (frames.length > 0) ? frames[0] : new byte[0];
		if (frames.length == 1 && first.length > 0 && (first[0] == 1 || first[0] == 0)) {
			boolean subscribe = first[0] == 1;
			byte[] topic = java.util.Arrays.copyOfRange(first, 1, first.length);
			List<Link> inproc = new ArrayList<>();
			if (count(subscribe, topic)) {
				for (Link link : this.links) {
					forward(link, subscribe, topic, inproc);
				}
			}
			if (!inproc.isEmpty()) {
				// Called with the lock held by send(): hand the inproc deliveries to the driver's executor.
				this.driver.execute(() -> deliverInproc(inproc, subscribe, topic));
			}
			return SendResult.SENT;
		}
		boolean dropped = false;
		for (Link link : this.links) {
			dropped |= !link.outbound.offer(frames);
		}
		return dropped ? SendResult.SENT_WITH_DROPS : SendResult.SENT;
	}

	@Override
	boolean xwritable() {
		return this.xsub;
	}

}
