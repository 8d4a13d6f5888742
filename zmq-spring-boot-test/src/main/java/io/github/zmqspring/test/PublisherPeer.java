package io.github.zmqspring.test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * A PUB peer that feeds subscribers: {@link #publish(String, String)} ({@code [topic][payload]}),
 * {@link #publish(String)} (one frame, the topic being its prefix, as the guide's weather feed), and JSON.
 * <p>
 * No message is lost to the slow-joiner problem: the peer runs on an XPUB socket (verbose, so it sees every
 * subscription, which a SUB accepts like a PUB), and the first publish waits (up to the default timeout) until a
 * subscription arrived; a subscription is in force once the peer has seen it, so what is published afterwards reaches
 * that subscriber when it matches. With several subscribers, wait for each with
 * {@link #awaitSubscriptions(int, Duration)} or {@link #awaitSubscription(String, Duration)} first. As any PUB, a
 * publish never blocks: a message no subscription matches, or that a subscriber at its high water mark cannot take,
 * is dropped. Thread-safe.
 */
public final class PublisherPeer extends ZmqPeer {

	private final ZmqSocket socket;

	private final Subscriptions subscriptions;

	private PublisherPeer(PeerSetup setup, ZmqSocket socket, Subscriptions subscriptions) {
		super(setup, socket);
		this.socket = socket;
		this.subscriptions = subscriptions;
	}

	/**
	 * Publishes {@code [topic][payload]}, both as UTF-8 (pyzmq's {@code send_multipart} style).
	 * @param topic the first frame, matched against the subscriptions
	 * @param payload the second frame
	 */
	public void publish(String topic, String payload) {
		publish(ZmqMessage.of(topic, payload));
	}

	/**
	 * Publishes {@code [topic][payload]}.
	 * @param topic the first frame, as UTF-8
	 * @param payload the second frame (not copied: do not change it afterwards)
	 */
	public void publish(String topic, byte[] payload) {
		publish(ZmqMessage.of(topic.getBytes(StandardCharsets.UTF_8), payload));
	}

	/**
	 * Publishes one frame, whose beginning is matched against the subscriptions (for example
	 * {@code "10001 23 45"} for a subscriber of {@code "10001 "}).
	 * @param message the frame, as UTF-8
	 */
	public void publish(String message) {
		publish(ZmqMessage.of(message));
	}

	/**
	 * Publishes {@code [topic][json]} (Jackson 3 on the class path).
	 * @param topic the first frame, as UTF-8
	 * @param value the value written as the second frame
	 */
	public void publishJson(String topic, Object value) {
		publish(JsonPayloads.defaults().message(topic, value));
	}

	/**
	 * Publishes a message; the first call waits until a subscription arrived.
	 * @param message the message, its first frame matched against the subscriptions
	 * @throws AssertionError when no subscription arrived within the default timeout
	 */
	public void publish(ZmqMessage message) {
		if (!this.subscriptions.seenAny()) {
			this.subscriptions.awaitTotal(1, defaultTimeout(), this::describe);
		}
		this.socket.send(message);
	}

	/**
	 * The prefixes subscribed now (as UTF-8), each once, whatever the number of subscribers holding it.
	 * @return a snapshot, in subscription order
	 */
	public List<String> subscriptions() {
		return this.subscriptions.current();
	}

	/**
	 * Waits, up to the default timeout, until a subscription that matches the topic is in force: one whose prefix
	 * starts the topic ({@code ""} matches everything).
	 * @param topic the topic to be published, as UTF-8
	 * @throws AssertionError when none arrived, listing the subscriptions seen
	 */
	public void awaitSubscription(String topic) {
		awaitSubscription(topic, defaultTimeout());
	}

	/**
	 * Waits until a subscription that matches the topic is in force.
	 * @param topic the topic to be published, as UTF-8
	 * @param timeout how long to wait at most
	 * @throws AssertionError when none arrived before the deadline, listing the subscriptions seen
	 */
	public void awaitSubscription(String topic, Duration timeout) {
		this.subscriptions.awaitMatch(topic.getBytes(StandardCharsets.UTF_8), timeout, this::describe);
	}

	/**
	 * Waits until {@code count} subscriptions arrived in total, counting each subscriber's each prefix (three SUB
	 * sockets subscribing to {@code "A"} count three).
	 * @param count the number of subscriptions
	 * @param timeout how long to wait at most
	 * @throws AssertionError when fewer arrived before the deadline
	 */
	public void awaitSubscriptions(int count, Duration timeout) {
		this.subscriptions.awaitTotal(count, timeout, this::describe);
	}

	/** The subscription messages of the XPUB socket: {@code 0x01 + prefix} subscribes, {@code 0x00 + prefix} cancels. */
	static final class Subscriptions {

		private final ReentrantLock lock = new ReentrantLock();

		private final Condition changed = this.lock.newCondition();

		private final Set<ByteBuffer> current = new LinkedHashSet<>();

		private long total;

		private volatile boolean seenAny;

		void onMessage(ZmqMessage message) {
			byte[] notice = message.first();
			if (notice.length == 0 || (notice[0] != 0 && notice[0] != 1)) {
				return;
			}
			ByteBuffer prefix = ByteBuffer.wrap(notice, 1, notice.length - 1).slice();
			this.lock.lock();
			try {
				if (notice[0] == 1) {
					this.current.add(prefix);
					this.total++;
					this.seenAny = true;
				}
				else {
					this.current.remove(prefix);
				}
				this.changed.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}

		boolean seenAny() {
			return this.seenAny;
		}

		List<String> current() {
			this.lock.lock();
			try {
				List<String> topics = new ArrayList<>(this.current.size());
				this.current.forEach((prefix) -> topics.add(StandardCharsets.UTF_8.decode(prefix.duplicate()).toString()));
				return topics;
			}
			finally {
				this.lock.unlock();
			}
		}

		void awaitTotal(int count, Duration timeout, Supplier<String> describe) {
			Objects.requireNonNull(timeout, "'timeout' must not be null");
			long deadline = System.nanoTime() + timeout.toNanos();
			this.lock.lock();
			try {
				while (this.total < count) {
					long left = deadline - System.nanoTime();
					if (left <= 0) {
						throw new AssertionError(describe.get() + " got " + this.total + " of the " + count
								+ " expected subscription(s) within " + timeout + " (subscribed now: " + current()
								+ "), so nothing was published. Check that the subscriber connects to this peer's "
								+ "endpoint and subscribes.");
					}
					await(left, describe);
				}
			}
			finally {
				this.lock.unlock();
			}
		}

		void awaitMatch(byte[] topic, Duration timeout, Supplier<String> describe) {
			long deadline = System.nanoTime() + timeout.toNanos();
			this.lock.lock();
			try {
				while (!matches(topic)) {
					long left = deadline - System.nanoTime();
					if (left <= 0) {
						throw new AssertionError(describe.get() + " has no subscription matching '"
								+ new String(topic, StandardCharsets.UTF_8) + "' after " + timeout + " (subscribed now: "
								+ current() + "). Check the subscriber's topics and its endpoint.");
					}
					await(left, describe);
				}
			}
			finally {
				this.lock.unlock();
			}
		}

		private boolean matches(byte[] topic) {
			for (ByteBuffer prefix : this.current) {
				if (prefix.remaining() <= topic.length
						&& ByteBuffer.wrap(topic, 0, prefix.remaining()).equals(prefix)) {
					return true;
				}
			}
			return false;
		}

		private void await(long nanos, Supplier<String> describe) {
			try {
				this.changed.await(nanos, TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted while waiting for subscriptions of " + describe.get(), ex);
			}
		}

	}

	/**
	 * Builds a {@link PublisherPeer}. Not thread-safe.
	 */
	public static final class Builder extends PeerBuilder<Builder, PublisherPeer> {

		Builder(ZmqPeers peers) {
			super(peers, SocketType.PUB);
		}

		@Override
		SocketType socketType() {
			return SocketType.XPUB;
		}

		@Override
		void configure(ZmqSocketSpec.Builder builder) {
			builder.xpubVerbose(true);
		}

		@Override
		PublisherPeer open(PeerSetup setup, ZmqSocketSpec spec) {
			Subscriptions subscriptions = new Subscriptions();
			ZmqSocket socket = setup.peers().engine().open(spec, subscriptions::onMessage);
			return new PublisherPeer(setup, socket, subscriptions);
		}

	}

}
