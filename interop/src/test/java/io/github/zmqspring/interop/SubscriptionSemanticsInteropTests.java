package io.github.zmqspring.interop;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqException;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static io.github.zmqspring.interop.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PUB/SUB semantics of RFC 29 as libzmq 4.3.4 implements them, against real pyzmq counterparts: prefix fan-out,
 * counted subscriptions, XPUB handing subscriptions and cancels to the application, re-subscription after either
 * side's publisher restarts (tcp and ipc), and slow subscribers that neither hold back a fast one nor receive a
 * partial message. Every case first waits until the subscriptions are in place (a sync token the subscribers also
 * subscribe to). Runs on the default engine; ipc and the exact drop count run on the ZMTP engine.
 */
@Tag("interop")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubscriptionSemanticsInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final Duration QUIET = Duration.ofMillis(300);

	private final ZmqEngine engine = ZmqEngine.builder().name("interop-subscriptions").build();

	private ZmqEngine zmtp;

	@TempDir
	Path ipcDir;

	@AfterAll
	void closeEngines() {
		this.engine.close();
		if (this.zmtp != null) {
			this.zmtp.close();
		}
	}

	/** The ZMTP engine, for ipc and for exact drop counts. */
	private synchronized ZmqEngine zmtp() {
		if (this.zmtp == null) {
			this.zmtp = ZmqEngine.builder().name("interop-subscriptions-zmtp").build();
		}
		return this.zmtp;
	}

	private static String tcp(int port) {
		return "tcp://127.0.0.1:" + port;
	}

	private static int sequence(ZmqMessage message) {
		return ByteBuffer.wrap(message.frame(0)).getInt();
	}

	private static byte[] sequenced(int sequence, int size) {
		return ByteBuffer.allocate(size).putInt(sequence).array();
	}

	private static final List<ZmqMessage> FEED = List.of(ZmqMessage.of("10001 23 45"), ZmqMessage.of("10002 1 2"),
			ZmqMessage.of("1000 x"), ZmqMessage.of(utf8("10001"), new byte[] { 0, (byte) 0xff }), ZmqMessage.of("2 1"),
			ZmqMessage.of("100011 y"));

	private List<ZmqMessage> matching(String prefix) {
		return FEED.stream().filter((message) -> message.frameAsString(0).startsWith(prefix)).toList();
	}

	/** Publishes "sync" until every subscriber received one (each subscribes to "sync" too). */
	private void sync(ZmqSocket pub, PyPeer peer, String... subscribers) {
		syncWith(pub, peer, "sync", subscribers);
	}

	/** Publishes the token (which the subscribers' "sync" prefix matches) until every subscriber received it. */
	private void syncWith(ZmqSocket pub, PyPeer peer, String token, String... subscribers) {
		List<String> pending = new ArrayList<>(List.of(subscribers));
		await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> {
			pub.send(ZmqMessage.of(token));
			pending.removeIf((name) -> {
				ZmqMessage message = peer.poll(name, Duration.ofMillis(20));
				return message != null && message.frameAsString(0).equals(token);
			});
			return pending.isEmpty();
		});
	}

	private ZmqSocket pub(String name, String endpoint) {
		return pub(SubscriptionSemanticsInteropTests.this.engine, name, endpoint);
	}

	private ZmqSocket pub(ZmqEngine engine, String name, String endpoint) {
		return engine.open(ZmqSocketSpec.builder(name, SocketType.PUB).bind(endpoint).build());
	}

	/** Subscribes the XSUB to a marker and waits until the PUB sends it: the commands before it were processed. */
	private void awaitProcessed(ZmqSocket pub, PyPeer peer, String marker) {
		peer.send("xsub", subscription(1, marker));
		await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> {
			pub.send(ZmqMessage.of(marker));
			ZmqMessage message = peer.poll("xsub", Duration.ofMillis(20));
			return message != null && message.frameAsString(0).equals(marker);
		});
		// drain the markers still in flight
		while (peer.poll("xsub", QUIET) != null) {
			// discard
		}
	}

	private ZmqMessage subscription(int flag, String topic) {
		byte[] topicBytes = utf8(topic);
		byte[] frame = new byte[topicBytes.length + 1];
		frame[0] = (byte) flag;
		System.arraycopy(topicBytes, 0, frame, 1, topicBytes.length);
		return ZmqMessage.of(frame);
	}

	/** What a run of {@link #slowAndFast} saw. */
	private record SlowAndFast(int total, int slowReceived, long dropped) {
	}

	/**
	 * Publishes 10 batches of 500 messages of 8 KiB to a fast pyzmq subscriber, which reads every batch before the
	 * next, and a slow one (rcvhwm 10), which reads nothing until the end.
	 */
	private SlowAndFast slowAndFast(ZmqEngine engine, String pubName) {
		int batches = 10;
		int batch = 500;
		int size = 8 * 1024;
		int total = batches * batch;
		try (ZmqSocket pub = pub(engine, pubName, "tcp://127.0.0.1:*"); PyPeer peer = PyPeer.start()) {
			peer.socket("slow", "SUB", "subscribe=-", "rcvhwm=10").connect("slow", pub.boundPort());
			peer.socket("fast", "SUB", "subscribe=-").connect("fast", pub.boundPort());
			sync(pub, peer, "slow", "fast");
			while (peer.poll("fast", QUIET) != null) {
				// drain the sync messages still in flight
			}
			for (int b = 0; b < batches; b++) {
				for (int i = 0; i < batch; i++) {
					int sequence = b * batch + i;
					pub.send(ZmqMessage.of(sequenced(sequence, 4), sequenced(sequence, size)));
				}
				// the fast subscriber reads every batch before the next: none of its messages is ever at its HWM
				List<ZmqMessage> seen = peer.collectHeads("fast", batch, WAIT, 4);
				for (int i = 0; i < batch; i++) {
					assertThat(seen.get(i)).as("batch %d message %d at the fast subscriber", b, i)
						.isEqualTo(ZmqMessage.of(sequenced(b * batch + i, 4), sequenced(b * batch + i, 4)));
				}
			}
			// the slow subscriber now reads what it was left: whole messages, in order, the others dropped whole
			List<ZmqMessage> slow = peer.drain("slow", Duration.ofSeconds(1), 4).stream()
				.filter((message) -> !message.equals(ZmqMessage.of("sync")))
				.toList();
			assertThat(slow).allSatisfy((message) -> {
				assertThat(message.size()).isEqualTo(2);
				assertThat(message.frame(1)).isEqualTo(message.frame(0));
			});
			List<Integer> sequences = slow.stream().map(SubscriptionSemanticsInteropTests::sequence).toList();
			assertThat(sequences).isSorted().doesNotHaveDuplicates();
			assertThat(slow.size()).as("what the slow subscriber got of %d MiB", total * size / (1024 * 1024))
				.isLessThan(total);
			return new SlowAndFast(total, slow.size(), pub.stats().dropped());
		}
	}

	@Nested
	class FanOutAndSubscriptions {

		@Test
		void pubFansOutToEverySubscriberWhosePrefixMatches() {
			try (ZmqSocket pub = pub("fanout-pub", "tcp://127.0.0.1:*"); PyPeer peer = PyPeer.start()) {
				String sync = "subscribe=" + PyPeer.hex(utf8("sync"));
				peer.socket("exact", "SUB", sync, "subscribe=" + PyPeer.hex(utf8("10001"))).connect("exact", pub.boundPort());
				peer.socket("shorter", "SUB", sync, "subscribe=" + PyPeer.hex(utf8("1000"))).connect("shorter", pub.boundPort());
				peer.socket("all", "SUB", "subscribe=-").connect("all", pub.boundPort());
				sync(pub, peer, "exact", "shorter", "all");
				FEED.forEach(pub::send);
				assertThat(peer.collect("exact", matching("10001").size(), WAIT, "sync")).containsExactlyElementsOf(matching("10001"));
				assertThat(peer.collect("shorter", matching("1000").size(), WAIT, "sync")).containsExactlyElementsOf(matching("1000"));
				assertThat(peer.collect("all", FEED.size(), WAIT, "sync")).containsExactlyElementsOf(FEED);
			}
		}

		@Test
		void subscriptionsAreCountedSoOneOfTwoCancelsKeepsTheTopic() {
			try (ZmqSocket pub = pub("counted-pub", "tcp://127.0.0.1:*"); PyPeer peer = PyPeer.start()) {
				// an XSUB does not filter locally: what it receives is what the PUB decided to send
				peer.socket("xsub", "XSUB").connect("xsub", pub.boundPort());
				peer.send("xsub", subscription(1, "10001")).send("xsub", subscription(1, "10001"));
				peer.send("xsub", subscription(1, "sync"));
				sync(pub, peer, "xsub");
				peer.send("xsub", subscription(0, "10001"));
				awaitProcessed(pub, peer, "mark-1");
				pub.send(ZmqMessage.of("10001 still"));
				pub.send(ZmqMessage.of("mark-1 end"));
				assertThat(peer.collect("xsub", 2, WAIT, "sync")).as("subscribed twice, cancelled once")
					.containsExactly(ZmqMessage.of("10001 still"), ZmqMessage.of("mark-1 end"));
				peer.send("xsub", subscription(0, "10001"));
				awaitProcessed(pub, peer, "mark-2");
				pub.send(ZmqMessage.of("10001 gone"));
				pub.send(ZmqMessage.of("mark-2 end"));
				assertThat(peer.collect("xsub", 1, WAIT, "sync", "mark-1")).as("cancelled twice")
					.containsExactly(ZmqMessage.of("mark-2 end"));
			}
		}

		@Test
		void xpubHandsPyzmqSubscriptionsAndCancelsToTheApplicationIncludingThoseOfAClosedPeer() {
			List<ZmqMessage> subscriptions = new CopyOnWriteArrayList<>();
			try (ZmqSocket xpub = SubscriptionSemanticsInteropTests.this.engine.open(
					ZmqSocketSpec.builder("app-xpub", SocketType.XPUB).bind("tcp://127.0.0.1:*").build(), subscriptions::add);
					PyPeer peer = PyPeer.start()) {
				peer.socket("sub", "SUB", "subscribe=" + PyPeer.hex(utf8("A"))).connect("sub", xpub.boundPort());
				await().atMost(WAIT).until(() -> subscriptions.size() >= 1);
				peer.subscribe("sub", utf8("B"));
				await().atMost(WAIT).until(() -> subscriptions.size() >= 2);
				xpub.send(ZmqMessage.of("B data"));
				xpub.send(ZmqMessage.of("C data"));
				xpub.send(ZmqMessage.of("A data"));
				assertThat(peer.collect("sub", 2, WAIT)).containsExactly(ZmqMessage.of("B data"), ZmqMessage.of("A data"));
				peer.unsubscribe("sub", utf8("A"));
				await().atMost(WAIT).until(() -> subscriptions.size() >= 3);
				peer.closeSocket("sub");
				await().atMost(WAIT).until(() -> subscriptions.size() >= 4);
				assertThat(subscriptions).as("01+topic subscribe, 00+topic cancel, as libzmq's XPUB delivers them")
					.containsExactly(ZmqMessage.of(new byte[] { 1, 'A' }), ZmqMessage.of(new byte[] { 1, 'B' }),
							ZmqMessage.of(new byte[] { 0, 'A' }), ZmqMessage.of(new byte[] { 0, 'B' }));
			}
		}

	}

	@Nested
	class RestartsAndSlowSubscribers {

		@ParameterizedTest
		@EnumSource(Transport.class)
		void pyzmqSubscriberResubscribesWhenTheEnginePubRestartsOnTheSameEndpoint(Transport transport) {
			ZmqEngine engine = (transport == Transport.IPC) ? zmtp() : SubscriptionSemanticsInteropTests.this.engine;
			try (PyPeer peer = PyPeer.start()) {
				String endpoint;
				try (ZmqSocket first = pub(engine, "restart-pub-1", transport.bindEndpoint(SubscriptionSemanticsInteropTests.this.ipcDir))) {
					endpoint = Transport.endpointOf(first);
					peer.socket("sub", "SUB", "subscribe=" + PyPeer.hex(utf8("sync")), "subscribe=" + PyPeer.hex(utf8("10001")));
					peer.connect("sub", endpoint);
					syncWith(first, peer, "sync-1", "sub");
					first.send(ZmqMessage.of("10001 before"));
					assertThat(peer.collect("sub", 1, WAIT, "sync")).containsExactly(ZmqMessage.of("10001 before"));
				}
				// closing a socket releases its endpoint asynchronously (in libzmq too): bind again until it is free
				AtomicReference<ZmqSocket> restarted = new AtomicReference<>();
				await().atMost(WAIT).ignoreException(ZmqException.class)
					.until(() -> restarted.compareAndSet(null, pub(engine, "restart-pub-2", endpoint)));
				try (ZmqSocket second = restarted.get()) {
					syncWith(second, peer, "sync-2", "sub");
					second.send(ZmqMessage.of("10002 not subscribed"));
					second.send(ZmqMessage.of("10001 after"));
					assertThat(peer.collect("sub", 1, WAIT, "sync")).containsExactly(ZmqMessage.of("10001 after"));
				}
			}
		}

		@ParameterizedTest
		@EnumSource(Transport.class)
		void engineSubscriberResubscribesWhenThePyzmqPubRestartsOnTheSameEndpoint(Transport transport) {
			ZmqEngine engine = (transport == Transport.IPC) ? zmtp() : SubscriptionSemanticsInteropTests.this.engine;
			List<ZmqMessage> received = new CopyOnWriteArrayList<>();
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("pub1", "PUB");
				String endpoint = peer.bindEndpoint("pub1", transport.bindEndpoint(SubscriptionSemanticsInteropTests.this.ipcDir));
				try (ZmqSocket sub = engine.open(ZmqSocketSpec
					.builder("restart-sub", SocketType.SUB)
					.connect(endpoint)
					.subscribe("10001", "sync")
					.build(), received::add)) {
					peer.repeat("pub1", Duration.ofMillis(20), ZmqMessage.of("sync-1"));
					await().atMost(WAIT).until(() -> received.contains(ZmqMessage.of("sync-1")));
					peer.stop("pub1");
					peer.send("pub1", ZmqMessage.of("10001 before"));
					await().atMost(WAIT).until(() -> received.contains(ZmqMessage.of("10001 before")));
					peer.closeSocket("pub1");
					peer.socket("pub2", "PUB");
					await().atMost(WAIT).ignoreException(AssertionError.class)
						.until(() -> peer.bindEndpoint("pub2", endpoint) != null);
					peer.repeat("pub2", Duration.ofMillis(20), ZmqMessage.of("sync-2"));
					await().atMost(WAIT).until(() -> received.contains(ZmqMessage.of("sync-2")));
					peer.stop("pub2");
					peer.send("pub2", ZmqMessage.of("10002 not subscribed"));
					peer.send("pub2", ZmqMessage.of("10001 after"));
					await().atMost(WAIT).until(() -> received.contains(ZmqMessage.of("10001 after")));
					assertThat(received.stream().filter((message) -> !message.frameAsString(0).startsWith("sync")))
						.containsExactly(ZmqMessage.of("10001 before"), ZmqMessage.of("10001 after"));
				}
			}
		}

		@Test
		void slowNonReadingSubscriberDoesNotHoldBackAFastOneAndLosesWholeMessagesOnly() {
			SlowAndFast run = slowAndFast(SubscriptionSemanticsInteropTests.this.engine, "slow-fast-pub");
			assertThat(run.dropped()).as("messages a subscriber could not take").isPositive();
		}

		@Test
		void publisherCountsEveryMessageTheSlowSubscriberMissed() {
			SlowAndFast run = slowAndFast(zmtp(), "slow-fast-zmtp-pub");
			assertThat(run.dropped()).as("messages a subscriber could not take").isEqualTo(run.total() - run.slowReceived());
		}

	}

}
