package io.github.zmqspring.core.engine;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqException;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSendTimeoutException;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * libzmq's routing options on the engine's own implementation: duplicate routing ids with and without ROUTER
 * handover, and XPUB's verbose mode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoutingOptionsTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ZmqEngine engine = ZmqEngine.builder().name("routing").build();

	@AfterAll
	void close() {
		this.engine.close();
	}

	private ZmqSocket dealer(String name, int port, ZmqMessage first) {
		ZmqSocket dealer = this.engine.open(ZmqSocketSpec.builder(name, SocketType.DEALER)
			.connect("tcp://127.0.0.1:" + port)
			.routingId("worker")
			.reconnectInterval(Duration.ofSeconds(30))
			.build(), (message) -> {
			});
		dealer.send(first);
		return dealer;
	}

	@Test
	void aDuplicateRoutingIdLeavesTheNewcomerWithAGeneratedOne() throws Exception {
		BlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
		try (ZmqSocket router = this.engine.open(ZmqSocketSpec.builder("no-handover", SocketType.ROUTER)
			.bind("tcp://127.0.0.1:*")
			.build(), received::add); ZmqSocket first = dealer("first", router.boundPort(), ZmqMessage.of("a"))) {
			assertThat(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(ZmqMessage.of("worker", "a"));
			try (ZmqSocket second = dealer("second", router.boundPort(), ZmqMessage.of("b"))) {
				ZmqMessage fromSecond = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
				assertThat(fromSecond).isNotNull();
				assertThat(fromSecond.frame(0)).hasSize(5).startsWith(0);
				assertThat(fromSecond.frameAsString(1)).isEqualTo("b");
			}
		}
	}

	@Test
	void withHandoverTheNewcomerTakesTheRoutingIdAndTheOlderPeerIsDisconnected() throws Exception {
		BlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
		BlockingQueue<ZmqMessage> atFirst = new LinkedBlockingQueue<>();
		BlockingQueue<ZmqMessage> atSecond = new LinkedBlockingQueue<>();
		try (ZmqSocket router = this.engine.open(ZmqSocketSpec.builder("handover", SocketType.ROUTER)
			.bind("tcp://127.0.0.1:*")
			.routerHandover(true)
			.build(), received::add);
				ZmqSocket first = this.engine.open(ZmqSocketSpec.builder("first-h", SocketType.DEALER)
					.connect("tcp://127.0.0.1:" + router.boundPort())
					.routingId("worker")
					.reconnectInterval(Duration.ofSeconds(30))
					.build(), atFirst::add)) {
			first.send(ZmqMessage.of("a"));
			assertThat(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(ZmqMessage.of("worker", "a"));
			try (ZmqSocket second = this.engine.open(ZmqSocketSpec.builder("second-h", SocketType.DEALER)
				.connect("tcp://127.0.0.1:" + router.boundPort())
				.routingId("worker")
				.build(), atSecond::add)) {
				second.send(ZmqMessage.of("b"));
				assertThat(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(ZmqMessage.of("worker", "b"));
				router.send(ZmqMessage.of("worker", "for the newcomer"));
				assertThat(atSecond.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(ZmqMessage.of("for the newcomer"));
				assertThat(atFirst).isEmpty();
			}
		}
	}

	@Test
	void aMandatoryRouterFailsASendToAnUnknownPeerWhereAPlainOneDropsAndCountsIt() {
		try (ZmqSocket plain = this.engine.open(ZmqSocketSpec.builder("plain-router", SocketType.ROUTER)
			.bind("tcp://127.0.0.1:*")
			.build());
				ZmqSocket mandatory = this.engine.open(ZmqSocketSpec.builder("mandatory-router", SocketType.ROUTER)
					.bind("tcp://127.0.0.1:*")
					.routerMandatory(true)
					.build())) {
			plain.send(ZmqMessage.of("nobody", "lost"));
			assertThat(plain.stats().dropped()).isEqualTo(1);
			assertThatExceptionOfType(ZmqException.class).isThrownBy(() -> mandatory.send(ZmqMessage.of("nobody", "x")))
				.withMessageContaining("socket 'mandatory-router' (ROUTER, router-mandatory): cannot route to")
				.withMessageContaining("no peer is connected with that routing id");
		}
	}

	@Test
	void aNoDropPublisherWaitsForAFullSubscriberWhereAPlainOneDropsForIt() throws Exception {
		for (boolean noDrop : new boolean[] { false, true }) {
			CountDownLatch release = new CountDownLatch(1);
			AtomicInteger delivered = new AtomicInteger();
			String endpoint = "inproc://nodrop-" + noDrop;
			try (ZmqSocket pub = this.engine.open(ZmqSocketSpec.builder("pub-" + noDrop, SocketType.PUB)
				.bind(endpoint)
				.sendHighWaterMark(5)
				.xpubNoDrop(noDrop)
				.sendTimeout(Duration.ofMillis(200))
				.build());
					ZmqSocket sub = this.engine.open(ZmqSocketSpec.builder("sub-" + noDrop, SocketType.SUB)
						.connect(endpoint)
						.subscribe("")
						.receiveHighWaterMark(5)
						.build(), (message) -> {
							try {
								release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
							}
							catch (InterruptedException ex) {
								Thread.currentThread().interrupt();
							}
							delivered.incrementAndGet();
						})) {
				await().atMost(WAIT).until(() -> {
					pub.send(ZmqMessage.of("probe"));
					return pub.stats().messagesSent() > 0 && delivered.get() == 0;
				});
				int sent = 0;
				boolean timedOut = false;
				for (int i = 0; i < 100 && !timedOut; i++) {
					try {
						pub.send(ZmqMessage.of("m" + i));
						sent++;
					}
					catch (ZmqSendTimeoutException ex) {
						timedOut = true;
					}
				}
				if (noDrop) {
					assertThat(timedOut).as("a no-drop PUB blocks at the subscriber's high water mark").isTrue();
					assertThat(pub.stats().dropped()).isZero();
				}
				else {
					assertThat(timedOut).isFalse();
					assertThat(sent).isEqualTo(100);
					assertThat(pub.stats().dropped()).isPositive();
				}
				release.countDown();
			}
		}
	}

	@Test
	void aVerboseXpubPassesEverySubscriptionOnAndAPlainOneOnlyTheFirst() throws Exception {
		for (boolean verbose : new boolean[] { false, true }) {
			BlockingQueue<ZmqMessage> subscriptions = new LinkedBlockingQueue<>();
			try (ZmqSocket xpub = this.engine.open(ZmqSocketSpec.builder("xpub-" + verbose, SocketType.XPUB)
				.bind("tcp://127.0.0.1:*")
				.xpubVerbose(verbose)
				.build(), subscriptions::add)) {
				String endpoint = "tcp://127.0.0.1:" + xpub.boundPort();
				try (ZmqSocket one = this.engine.open(ZmqSocketSpec.builder("sub-1-" + verbose, SocketType.SUB)
					.connect(endpoint).subscribe("news").build(), (message) -> {
					})) {
					assertThat(subscriptions.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
						.isEqualTo(ZmqMessage.of(new byte[] { 1, 'n', 'e', 'w', 's' }));
					try (ZmqSocket two = this.engine.open(ZmqSocketSpec.builder("sub-2-" + verbose, SocketType.SUB)
						.connect(endpoint).subscribe("news", "sport").build(), (message) -> {
						})) {
						// "sport" is new for both modes; "news" again only for the verbose XPUB (in either order).
						await().atMost(WAIT).until(() -> count(subscriptions, "sport") == 1
								&& count(subscriptions, "news") == (verbose ? 1 : 0));
						if (!verbose) {
							await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> count(subscriptions, "news") == 0);
						}
					}
				}
			}
		}
	}

	private static long count(BlockingQueue<ZmqMessage> subscriptions, String topic) {
		return subscriptions.stream().filter((message) -> message.frameAsString(0).endsWith(topic)).count();
	}

}
