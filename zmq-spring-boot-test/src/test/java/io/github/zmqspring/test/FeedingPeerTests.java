package io.github.zmqspring.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * PUB and PUSH peers feeding receiving sockets of another engine (standing for the application's).
 */
class FeedingPeerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	static final ZmqPeers peers = ZmqPeers.create();

	private static final ZmqEngine application = ZmqEngine.builder().name("application").build();

	@AfterAll
	static void closeApplication() {
		application.close();
	}

	/** A receiving socket of the application whose messages go to a queue. */
	private static ZmqSocket applicationSocket(SocketType type, String endpoint, BlockingQueue<ZmqMessage> received,
			String... topics) {
		ZmqSocketSpec.Builder spec = ZmqSocketSpec.builder("app-" + type.name().toLowerCase(), type).connect(endpoint);
		if (type == SocketType.SUB) {
			spec.subscribe(topics);
		}
		return application.open(spec.build(), received::add);
	}

	private static List<String> take(BlockingQueue<ZmqMessage> queue, int count) throws InterruptedException {
		List<String> texts = new ArrayList<>();
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (texts.size() < count) {
			ZmqMessage message = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			assertThat(message).as("message %d of %d within %s", texts.size() + 1, count, TIMEOUT).isNotNull();
			texts.add(message.frameAsString(message.size() - 1));
		}
		return texts;
	}

	@Nested
	class Publisher {

		@Test
		void theFirstPublishWaitsForTheSubscriptionSoASubscriberThatJustConnectedLosesNothing() throws Exception {
			PublisherPeer pub = peers.publisher().open();
			BlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
			ZmqSocket sub = applicationSocket(SocketType.SUB, pub.endpoint(), received, "");
			try {
				// published at once, while the subscriber is still connecting: the slow joiner would miss them
				for (int i = 1; i <= 100; i++) {
					pub.publish("update " + i);
				}
				List<String> texts = take(received, 100);
				assertThat(texts).first().isEqualTo("update 1");
				assertThat(texts).last().isEqualTo("update 100");
			}
			finally {
				sub.close();
			}
		}

		@Test
		void subscriptionsAreVisibleAndCountedPerSubscriber() throws Exception {
			PublisherPeer pub = peers.publisher().open();
			BlockingQueue<ZmqMessage> first = new LinkedBlockingQueue<>();
			BlockingQueue<ZmqMessage> second = new LinkedBlockingQueue<>();
			List<ZmqSocket> subscribers = List.of(applicationSocket(SocketType.SUB, pub.endpoint(), first, "prices."),
					applicationSocket(SocketType.SUB, pub.endpoint(), second, "prices."));
			try {
				pub.awaitSubscriptions(2, TIMEOUT);
				pub.awaitSubscription("prices.eur", TIMEOUT);
				assertThat(pub.subscriptions()).containsExactly("prices.");
				pub.publishJson("prices.eur", Map.of("bid", 1.08));
				assertThat(take(first, 1)).containsExactly("{\"bid\":1.08}");
				assertThat(take(second, 1)).containsExactly("{\"bid\":1.08}");
			}
			finally {
				subscribers.forEach(ZmqSocket::close);
			}
			await().atMost(TIMEOUT).until(() -> pub.subscriptions().isEmpty());
		}

		@Test
		void withoutASubscriberTheFirstPublishFailsSayingWhatToCheck() {
			try (ZmqPeers impatient = ZmqPeers.create().defaultTimeout(Duration.ofMillis(200))) {
				PublisherPeer pub = impatient.publisher().open();
				assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> pub.publish("topic", "lost"))
					.withMessageContaining("PUB peer '" + pub.name() + "' (bound to [tcp://127.0.0.1:" + pub.port())
					.withMessageContaining("got 0 of the 1 expected subscription(s) within PT0.2S")
					.withMessageContaining("Check that the subscriber connects to this peer's endpoint");
				assertThatExceptionOfType(AssertionError.class)
					.isThrownBy(() -> pub.awaitSubscription("orders", Duration.ofMillis(100)))
					.withMessageContaining("has no subscription matching 'orders' after PT0.1S (subscribed now: [])");
			}
		}

	}

	@Nested
	class Pusher {

		@Test
		void theFirstSendWaitsForAConnectedPeer() throws Exception {
			SenderPeer push = peers.pusher().open();
			BlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
			ZmqSocket pull = applicationSocket(SocketType.PULL, push.endpoint(), received);
			try {
				push.send("task 1");
				push.send("task 2".getBytes(StandardCharsets.UTF_8));
				push.sendJson(Map.of("task", 3));
				assertThat(take(received, 3)).containsExactly("task 1", "task 2", "{\"task\":3}");
			}
			finally {
				pull.close();
			}
		}

		@Test
		void dealsRoundRobinOverThePeersConnectedAtTheTimeOfTheSend() throws Exception {
			SenderPeer push = peers.pusher().open();
			List<BlockingQueue<ZmqMessage>> queues = List.of(new LinkedBlockingQueue<>(), new LinkedBlockingQueue<>(),
					new LinkedBlockingQueue<>());
			List<ZmqSocket> workers = new ArrayList<>();
			try {
				for (BlockingQueue<ZmqMessage> queue : queues) {
					workers.add(applicationSocket(SocketType.PULL, push.endpoint(), queue));
				}
				push.awaitConnectedPeers(3, TIMEOUT);
				assertThat(push.connectedPeers()).isEqualTo(3);
				for (int i = 1; i <= 30; i++) {
					push.send("task " + i);
				}
				for (BlockingQueue<ZmqMessage> queue : queues) {
					assertThat(take(queue, 10)).hasSize(10);
				}
			}
			finally {
				workers.forEach(ZmqSocket::close);
			}
			await().atMost(TIMEOUT).until(() -> push.connectedPeers() == 0);
		}

		@Test
		void withoutAPeerTheFirstSendFailsSayingWhatToCheck() {
			try (ZmqPeers impatient = ZmqPeers.create().defaultTimeout(Duration.ofMillis(200))) {
				SenderPeer push = impatient.pusher().open();
				assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> push.send("lost"))
					.withMessageContaining("PUSH peer '" + push.name() + "'")
					.withMessageContaining("no peer connected within PT0.2S")
					.withMessageContaining("binds or connects to the endpoint of this peer");
				assertThatExceptionOfType(AssertionError.class)
					.isThrownBy(() -> push.awaitConnectedPeers(1, Duration.ofMillis(100)))
					.withMessageContaining("had 0 of the 1 expected connected peer(s) after PT0.1S");
			}
		}

	}

}
