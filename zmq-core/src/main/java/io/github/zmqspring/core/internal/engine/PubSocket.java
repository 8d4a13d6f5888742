package io.github.zmqspring.core.internal.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.DriverEventSink;
import io.github.zmqspring.core.internal.SendResult;

/**
 * PUB and XPUB (RFC 29): a message goes to every peer with a subscription that is a byte prefix of its first frame;
 * a peer at its high water mark misses it (the send reports {@link SendResult#SENT_WITH_DROPS}, counted), so a slow
 * subscriber never holds back the others and a send never blocks. Subscriptions come as SUBSCRIBE/CANCEL commands
 * (ZMTP 3.1) or {@code 01}/{@code 00} + topic messages (3.0, and libzmq's XSUB in proxies); each peer holds a set of
 * them, bounded in count and bytes (an offender is dropped). XPUB also hands the application {@code 01}/{@code 00} +
 * topic messages when a topic gains its first subscriber or loses its last.
 */
final class PubSocket extends EngineSocket {

	private final boolean xpub;

	/** Every subscribed prefix and the peers subscribed to it. */
	private final SubscriptionIndex<Set<Link>> index = new SubscriptionIndex<>();

	/** XPUB: subscription messages for the application. */
	private final ArrayDeque<byte[][]> notices = new ArrayDeque<>();

	private final List<Link> matched = new ArrayList<>();

	/** Marks the links a send already chose (a peer with several matching prefixes gets the message once). */
	private int sendMark;

	PubSocket(ZmqSocketSpec spec, boolean xpub, ZmtpDriver driver, DriverEventSink events, Runnable signal) {
		super(spec, xpub ? SocketType.XPUB : SocketType.PUB, driver, events, signal);
		this.xpub = xpub;
	}

	/** A peer's subscriptions. */
	private static final class PeerSubscriptions {

		final Set<Prefix> prefixes = new LinkedHashSet<>();

		long bytes;

	}

	@Override
	boolean takesSubscriptionMessages() {
		return true;
	}

	@Override
	boolean onPeerSubscription(Link link, boolean subscribe, byte[] topic) {
		boolean notify = false;
		boolean verbose = this.xpub && this.spec.xpubVerbose();
		this.lock.lock();
		try {
			if (this.closed || link.detached) {
				return true;
			}
			PeerSubscriptions mine = peer(link);
			Prefix prefix = new Prefix(topic);
			if (subscribe) {
				if (mine.prefixes.contains(prefix)) {
					// A repeated subscription changes nothing; a verbose XPUB still passes it on.
					notify = verbose;
				}
				else {
					if (mine.prefixes.size() >= this.spec.maxSubscriptions()
							|| mine.bytes + topic.length > this.spec.maxSubscriptionBytes()) {
						return false;
					}
					mine.prefixes.add(prefix);
					mine.bytes += topic.length;
					Set<Link> subscribers = this.index.get(prefix);
					notify = subscribers == null || verbose;
					if (subscribers == null) {
						subscribers = new LinkedHashSet<>(2);
						this.index.put(prefix, subscribers);
					}
					subscribers.add(link);
				}
			}
			else if (mine.prefixes.remove(prefix)) {
				mine.bytes -= topic.length;
				notify = unindex(prefix, link);
			}
			if (notify && this.xpub) {
				queueNotice(notice(subscribe, topic));
			}
		}
		finally {
			this.lock.unlock();
		}
		if (notify && this.xpub) {
			signalOwner();
		}
		return true;
	}

	/**
	 * Queues a subscription message for the application, bounded by the receive high water mark (an XPUB whose
	 * application does not read them must not grow without limit).
	 */
	private void queueNotice(byte[] notice) {
		int limit = (this.spec.receiveHighWaterMark() > 0) ? this.spec.receiveHighWaterMark() : Integer.MAX_VALUE;
		if (this.notices.size() < limit) {
			this.notices.add(new byte[][] { notice });
		}
	}

	private static byte[] notice(boolean subscribe, byte[] topic) {
		byte[] notice = new byte[topic.length + 1];
		notice[0] = (byte) (subscribe ? 1 : 0);
		System.arraycopy(topic, 0, notice, 1, topic.length);
		return notice;
	}

	private PeerSubscriptions peer(Link link) {
		if (!(link.typeState instanceof PeerSubscriptions subscriptions)) {
			PeerSubscriptions created = new PeerSubscriptions();
			link.typeState = created;
			return created;
		}
		return subscriptions;
	}

	/** @return whether the prefix lost its last subscriber */
	private boolean unindex(Prefix prefix, Link link) {
		Set<Link> subscribers = this.index.get(prefix);
		if (subscribers == null || !subscribers.remove(link)) {
			return false;
		}
		if (subscribers.isEmpty()) {
			this.index.remove(prefix);
			return true;
		}
		return false;
	}

	@Override
	void xdetach(Link link) {
		if (link.typeState instanceof PeerSubscriptions mine) {
			for (Prefix prefix : mine.prefixes) {
				if (unindex(prefix, link) && this.xpub) {
					byte[] notice = new byte[prefix.length + 1];
					System.arraycopy(prefix.bytes, 0, notice, 1, prefix.length);
					queueNotice(notice);
				}
			}
			mine.prefixes.clear();
			mine.bytes = 0;
		}
	}

	@Override
	SendResult xsend(byte[][] frames) {
		if (this.index.isEmpty()) {
			return SendResult.SENT;
		}
		List<Link> targets = this.matched;
		targets.clear();
		int mark = ++this.sendMark;
		this.index.match((frames.length > 0) ? frames[0] : new byte[0], (subscribers) -> {
			for (Link link : subscribers) {
				if (link.mark != mark) {
					link.mark = mark;
					targets.add(link);
				}
			}
		});
		if (this.spec.xpubNoDrop()) {
			// All or nothing: the sender waits until every matching subscriber has room.
			for (Link link : targets) {
				if (!link.outbound.hasRoomOrWatch()) {
					targets.clear();
					return SendResult.WOULD_BLOCK;
				}
			}
		}
		boolean dropped = false;
		for (Link link : targets) {
			dropped |= !link.outbound.offer(frames);
		}
		targets.clear();
		return dropped ? SendResult.SENT_WITH_DROPS : SendResult.SENT;
	}

	@Override
	boolean acceptsData() {
		return false;
	}

	@Override
	boolean xwritable() {
		return true;
	}

	@Override
	boolean xwritable(byte[][] frames) {
		if (!this.spec.xpubNoDrop() || this.index.isEmpty()) {
			return true;
		}
		boolean[] room = { true };
		this.index.match((frames.length > 0) ? frames[0] : new byte[0], (subscribers) -> {
			for (Link link : subscribers) {
				room[0] &= link.outbound.hasRoom();
			}
		});
		return room[0];
	}

	@Override
	byte @Nullable [][] xreceive() {
		// Data from subscribers is ignored (RFC 29); XPUB receives subscription messages only.
		return this.notices.poll();
	}

	@Override
	boolean xreadable() {
		return !this.notices.isEmpty();
	}

}
