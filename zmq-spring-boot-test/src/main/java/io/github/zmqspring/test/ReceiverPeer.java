package io.github.zmqspring.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Predicate;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * A SUB or PULL peer that records every message it receives, for the test to wait for and assert on:
 * {@link #awaitMessages(int, Duration)}, {@link #awaitMessage(Predicate, Duration)}, {@link #received()}.
 * <p>
 * Messages are recorded in arrival order from the moment the peer opens (a SUB peer receives only what matches its
 * topics, filtered on the publishing side). The waits look at everything recorded since the peer opened or since the
 * last {@link #clear()}, so a message that arrived before the wait began counts. Thread-safe.
 */
public final class ReceiverPeer extends ZmqPeer {

	private final ZmqSocket socket;

	private final MessageLog log;

	/** A SUB peer's subscriptions, for failure messages. */
	private final Set<String> topics = new CopyOnWriteArraySet<>();

	private ReceiverPeer(PeerSetup setup, ZmqSocket socket, MessageLog log, List<String> topics) {
		super(setup, socket);
		this.socket = socket;
		this.log = log;
		this.topics.addAll(topics);
	}

	/**
	 * Waits, up to the default timeout, until at least {@code count} messages were received.
	 * @param count the number of messages
	 * @return the first {@code count} messages, in arrival order
	 * @throws AssertionError when fewer arrived, listing those that did
	 */
	public List<PeerMessage> awaitMessages(int count) {
		return awaitMessages(count, defaultTimeout());
	}

	/**
	 * Waits until at least {@code count} messages were received.
	 * @param count the number of messages
	 * @param timeout how long to wait at most
	 * @return the first {@code count} messages, in arrival order
	 * @throws AssertionError when fewer arrived before the deadline, listing those that did
	 */
	public List<PeerMessage> awaitMessages(int count, Duration timeout) {
		return this.log.awaitCount(count, timeout, "message", this::describe);
	}

	/**
	 * Waits, up to the default timeout, for the first message.
	 * @return the first message received
	 * @throws AssertionError when none arrived
	 */
	public PeerMessage awaitMessage() {
		return awaitMessages(1).get(0);
	}

	/**
	 * Waits, up to the default timeout, until a message matching the predicate was received.
	 * @param predicate the condition, for example {@code (m) -> m.text().startsWith("10001 ")}
	 * @return the first matching message
	 * @throws AssertionError when none matched, listing what arrived
	 */
	public PeerMessage awaitMessage(Predicate<? super PeerMessage> predicate) {
		return awaitMessage(predicate, defaultTimeout());
	}

	/**
	 * Waits until a message matching the predicate was received; the predicate runs on the calling thread.
	 * @param predicate the condition
	 * @param timeout how long to wait at most
	 * @return the first matching message
	 * @throws AssertionError when none matched before the deadline, listing what arrived
	 */
	public PeerMessage awaitMessage(Predicate<? super PeerMessage> predicate, Duration timeout) {
		return this.log.awaitMatch(predicate, timeout, "message", this::describe);
	}

	/**
	 * The messages received so far (since the last {@link #clear()}), in arrival order.
	 * @return a snapshot
	 */
	public List<PeerMessage> received() {
		return this.log.snapshot();
	}

	/**
	 * The number of messages received so far (since the last {@link #clear()}).
	 * @return the count
	 */
	public int receivedCount() {
		return this.log.size();
	}

	/**
	 * Forgets the messages received so far; later waits count from here.
	 */
	public void clear() {
		this.log.clear();
	}

	/**
	 * Adds a subscription at runtime (SUB peers only).
	 * @param topic the prefix, as UTF-8; empty subscribes to everything
	 * @throws UnsupportedOperationException on a PULL peer
	 */
	public void subscribe(String topic) {
		requireSub();
		this.socket.subscribe(topic.getBytes(StandardCharsets.UTF_8));
		this.topics.add(topic);
	}

	/**
	 * Removes a subscription at runtime (SUB peers only).
	 * @param topic a prefix given earlier
	 * @throws UnsupportedOperationException on a PULL peer
	 */
	public void unsubscribe(String topic) {
		requireSub();
		this.socket.unsubscribe(topic.getBytes(StandardCharsets.UTF_8));
		this.topics.remove(topic);
	}

	@Override
	String describe() {
		if (type() != SocketType.SUB) {
			return super.describe();
		}
		// "SUB peer 'name' (connect [...])" -> "SUB peer 'name' (connect [...], topics ['10001 '])"
		String described = super.describe();
		List<String> quoted = new ArrayList<>();
		this.topics.forEach((topic) -> quoted.add("'" + topic + "'"));
		return described.substring(0, described.length() - 1) + ", topics " + quoted + ")";
	}

	private void requireSub() {
		if (type() != SocketType.SUB) {
			throw new UnsupportedOperationException(describe() + " has no subscriptions: only SUB peers do");
		}
	}

	/**
	 * Builds a {@link ReceiverPeer}: PULL, or SUB with its topics. Not thread-safe.
	 */
	public static final class Builder extends PeerBuilder<Builder, ReceiverPeer> {

		private final List<String> topics = new ArrayList<>();

		Builder(ZmqPeers peers, SocketType type, String... topics) {
			super(peers, type);
			topics(topics);
		}

		/**
		 * Adds topics (byte prefixes of the first frame, as UTF-8) to a SUB peer; a SUB peer without topics
		 * subscribes to everything.
		 * @param topics the prefixes
		 * @return this builder
		 * @throws IllegalStateException on a PULL peer
		 */
		public Builder topics(String... topics) {
			Objects.requireNonNull(topics, "'topics' must not be null");
			if (topics.length > 0 && type() != SocketType.SUB) {
				throw new IllegalStateException("Only a SUB peer has topics, not a " + type() + " peer");
			}
			this.topics.addAll(List.of(topics));
			return this;
		}

		@Override
		void configure(ZmqSocketSpec.Builder builder) {
			if (type() == SocketType.SUB) {
				if (this.topics.isEmpty()) {
					builder.subscribe(new byte[0]);
				}
				else {
					this.topics.forEach(builder::subscribe);
				}
			}
		}

		@Override
		ReceiverPeer open(PeerSetup setup, ZmqSocketSpec spec) {
			MessageLog log = new MessageLog();
			ZmqSocket socket = setup.peers().engine().open(spec, (message) -> log.add(PeerMessage.of(message)));
			return new ReceiverPeer(setup, socket, log, this.topics.isEmpty() ? List.of("") : this.topics);
		}

		@Override
		String describe() {
			return super.describe() + (this.topics.isEmpty() ? "" : " with topics " + this.topics);
		}

	}

}
