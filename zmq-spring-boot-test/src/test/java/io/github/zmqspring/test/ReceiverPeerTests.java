package io.github.zmqspring.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

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
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * SUB and PULL peers against sockets of another engine (standing for the application's) over tcp loopback.
 */
class ReceiverPeerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	static final ZmqPeers peers = ZmqPeers.create();

	private static final ZmqEngine application = ZmqEngine.builder().name("application").build();

	@AfterAll
	static void closeApplication() {
		application.close();
	}

	/** A JSON payload. */
	record Order(int id, String item) {
	}

	private static ZmqSocket applicationPush(String endpoint) {
		return application.open(ZmqSocketSpec.builder("app-push", SocketType.PUSH).connect(endpoint).build());
	}

	@Nested
	class Pull {

		@Test
		void recordsEveryMessageInArrivalOrder() {
			ReceiverPeer pull = peers.puller().open();
			try (ZmqSocket push = applicationPush(pull.endpoint())) {
				for (int i = 1; i <= 5; i++) {
					push.send(ZmqMessage.of("task " + i));
				}
				assertThat(pull.awaitMessages(5, TIMEOUT)).extracting(PeerMessage::text)
					.containsExactly("task 1", "task 2", "task 3", "task 4", "task 5");
				assertThat(pull.receivedCount()).isEqualTo(5);
				assertThat(pull.received()).hasSize(5);
			}
		}

		@Test
		void awaitMessageFindsAMatchThatArrivedBeforeTheWait() {
			ReceiverPeer pull = peers.puller().open();
			try (ZmqSocket push = applicationPush(pull.endpoint())) {
				push.send(ZmqMessage.of("order 7"));
				push.send(ZmqMessage.of("done"));
				pull.awaitMessages(2, TIMEOUT);
				assertThat(pull.awaitMessage((message) -> message.text().startsWith("order"), TIMEOUT).text())
					.isEqualTo("order 7");
			}
		}

		@Test
		void framesBytesAndJsonAreReadable() {
			ReceiverPeer pull = peers.puller().open();
			try (ZmqSocket push = applicationPush(pull.endpoint())) {
				push.send(ZmqMessage.of("orders".getBytes(StandardCharsets.UTF_8), new byte[] { 1, 2, 3 }));
				push.send(ZmqMessage.of("{\"id\":42,\"item\":\"book\"}"));
				List<PeerMessage> messages = pull.awaitMessages(2, TIMEOUT);
				assertThat(messages.get(0).topic()).isEqualTo("orders");
				assertThat(messages.get(0).bytes()).containsExactly(1, 2, 3);
				assertThat(messages.get(0).size()).isEqualTo(2);
				assertThat(messages.get(0).envelope()).isEmpty();
				assertThat(messages.get(1).json(Order.class)).isEqualTo(new Order(42, "book"));
				assertThat(messages.get(1).receivedAt()).isAfterOrEqualTo(messages.get(0).receivedAt());
			}
		}

		@Test
		void tooFewMessagesFailWithWhatArrivedAndWhatToCheck() {
			ReceiverPeer pull = peers.puller().open();
			try (ZmqSocket push = applicationPush(pull.endpoint())) {
				push.send(ZmqMessage.of("only one"));
				pull.awaitMessages(1, TIMEOUT);
				assertThatExceptionOfType(AssertionError.class)
					.isThrownBy(() -> pull.awaitMessages(2, Duration.ofMillis(200)))
					.withMessageContaining("PULL peer '" + pull.name() + "'")
					.withMessageContaining("received 1 of the 2 expected messages within PT0.2S")
					.withMessageContaining("only one")
					.withMessageContaining("Check that the application sends to the endpoint");
				assertThatExceptionOfType(AssertionError.class)
					.isThrownBy(() -> pull.awaitMessage((message) -> message.text().equals("other"),
							Duration.ofMillis(200)))
					.withMessageContaining("received no message matching the predicate within PT0.2S");
			}
		}

		@Test
		void clearForgetsWhatArrivedSoLaterWaitsCountFromThere() {
			ReceiverPeer pull = peers.puller().open();
			try (ZmqSocket push = applicationPush(pull.endpoint())) {
				push.send(ZmqMessage.of("before"));
				pull.awaitMessages(1, TIMEOUT);
				pull.clear();
				assertThat(pull.received()).isEmpty();
				push.send(ZmqMessage.of("after"));
				assertThat(pull.awaitMessage().text()).isEqualTo("after");
			}
		}

		@Test
		void aPullPeerHasNoSubscriptions() {
			ReceiverPeer pull = peers.puller().open();
			assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> pull.subscribe("x"))
				.withMessageContaining("only SUB peers do");
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> peers.puller().topics("x"))
				.withMessage("Only a SUB peer has topics, not a PULL peer");
		}

	}

	@Nested
	class Sub {

		@Test
		void receivesOnlyWhatMatchesItsTopics() {
			PublisherPeer pub = peers.publisher().open();
			ReceiverPeer sub = peers.subscriber("10001 ").connect(pub.endpoint()).open();
			pub.publish("10002 15 40");
			pub.publish("10001 20 30");
			assertThat(sub.awaitMessage().text()).isEqualTo("10001 20 30");
			// the other zipcode was published first on the same connection, and filtered by the publisher
			assertThat(sub.received()).extracting(PeerMessage::text).containsExactly("10001 20 30");
		}

		@Test
		void aSubPeerWithoutTopicsReceivesEverythingAndTopicFramesAreExposed() {
			PublisherPeer pub = peers.publisher().open();
			ReceiverPeer sub = peers.subscriber().connect(pub.endpoint()).open();
			pub.publish("orders", "{\"id\":1}");
			pub.publish("invoices", "{\"id\":2}");
			assertThat(sub.awaitMessages(2, TIMEOUT)).extracting(PeerMessage::topic, PeerMessage::text)
				.containsExactly(tuple("orders", "{\"id\":1}"),
						tuple("invoices", "{\"id\":2}"));
		}

		@Test
		void subscribesAtRuntime() {
			PublisherPeer pub = peers.publisher().open();
			ReceiverPeer sub = peers.subscriber("a").connect(pub.endpoint()).open();
			pub.awaitSubscription("a", TIMEOUT);
			sub.subscribe("b");
			pub.awaitSubscription("b", TIMEOUT);
			pub.publish("b1");
			assertThat(sub.awaitMessage().text()).isEqualTo("b1");
			sub.unsubscribe("b");
			sub.unsubscribe("a");
			await().atMost(TIMEOUT).until(() -> pub.subscriptions().isEmpty());
		}

	}

}
