package io.github.zmqspring.interop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static io.github.zmqspring.interop.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PUB/SUB between the engine and real pyzmq/libzmq sockets: prefix filtering of single-frame updates and of
 * {@code send_multipart([topic, data])} messages, both ways. Each case first waits until the subscription is in
 * place (a "sync" message the subscriber also subscribes to), then asserts the exact messages that follow.
 */
@Tag("interop")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PubSubInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final ZmqMessage SYNC = ZmqMessage.of("sync");

	/** What the publisher sends after the sync phase: updates for several zipcodes, single-frame and multipart. */
	private static final List<ZmqMessage> FEED = List.of(ZmqMessage.of("10001 23 45"), ZmqMessage.of("10002 30 40"),
			ZmqMessage.of("1000 1 2"), ZmqMessage.of("10001 -5 80"), ZmqMessage.of(utf8("10001"), new byte[] { 0, 1, (byte) 0xff }),
			ZmqMessage.of("99999", "x"), ZmqMessage.of(utf8("10001"), new byte[0]),
			ZmqMessage.of(utf8("10001"), Payloads.random(64 * 1024, 3)), ZmqMessage.of("2 1 1"),
			ZmqMessage.of("10001 last"));

	/** The messages whose first frame starts with "10001", in order. */
	private static final List<ZmqMessage> MATCHING = FEED.stream()
		.filter((message) -> message.frameAsString(0).startsWith("10001"))
		.toList();

	private final ZmqEngine engine = ZmqEngine.builder().name("interop-pubsub").build();

	@AfterAll
	void closeEngine() {
		this.engine.close();
	}

	@Nested
	class PyzmqPubToEngineSub {

		@Test
		void onlyMessagesMatchingThePrefixArriveExactly() {
			List<ZmqMessage> received = new CopyOnWriteArrayList<>();
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("pub", "PUB");
				int port = peer.bind("pub");
				try (ZmqSocket sub = PubSubInteropTests.this.engine.open(ZmqSocketSpec.builder("sub", SocketType.SUB)
					.connect("tcp://127.0.0.1:" + port)
					.subscribe("10001")
					.subscribe("sync")
					.build(), received::add)) {
					peer.repeat("pub", Duration.ofMillis(20), SYNC);
					await().atMost(WAIT).until(() -> received.contains(SYNC));
					peer.stop("pub");
					for (ZmqMessage message : FEED) {
						peer.send("pub", message);
					}
					await().atMost(WAIT).until(() -> withoutSync(received).size() >= MATCHING.size());
					assertThat(withoutSync(received)).containsExactlyElementsOf(MATCHING);
					assertThat(sub.stats().messagesReceived()).isEqualTo(received.size());
				}
			}
		}

		private List<ZmqMessage> withoutSync(List<ZmqMessage> received) {
			return received.stream().filter((message) -> !message.equals(SYNC)).toList();
		}

	}

	@Nested
	class EnginePubToPyzmqSub {

		@Test
		void pyzmqSubscriberGetsExactlyTheMatchingMessages() {
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("sub", "SUB", "subscribe=" + PyPeer.hex(utf8("10001")), "subscribe=" + PyPeer.hex(utf8("sync")));
				try (ZmqSocket pub = PubSubInteropTests.this.engine
					.open(ZmqSocketSpec.builder("pub", SocketType.PUB).bind("tcp://127.0.0.1:*").build())) {
					peer.connect("sub", pub.boundPort());
					// the subscription reaches the publisher some time after the connect: publish until one arrives
					await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> {
						pub.send(SYNC);
						return peer.poll("sub", Duration.ofMillis(50)) != null;
					});
					for (ZmqMessage message : FEED) {
						pub.send(message);
					}
					assertThat(peer.collect("sub", MATCHING.size(), WAIT, "sync")).containsExactlyElementsOf(MATCHING);
					assertThat(pub.stats().messagesSent()).isGreaterThanOrEqualTo(FEED.size());
				}
			}
		}

	}

}
