package io.github.zmqspring.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ZmqEngineConnectionTests {

	@Test
	void twoHundredFreshConnectionsEachDeliverTheirFirstMessageWithinASecond() throws Exception {
		try (ZmqEngine engine = ZmqEngine.builder().name("fresh").build()) {
			BlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
			try (ZmqSocket pull = engine.open(ZmqSocketSpec.builder("collector", SocketType.PULL)
				.bind("tcp://127.0.0.1:*")
				.build(), received::add)) {
				List<Long> millis = new ArrayList<>();
				for (int i = 0; i < 200; i++) {
					long start = System.nanoTime();
					try (ZmqSocket push = engine.open(ZmqSocketSpec.builder("fresh-" + i, SocketType.PUSH)
						.connect("tcp://127.0.0.1:" + pull.boundPort())
						.build())) {
						push.send(ZmqMessage.of("first " + i));
						ZmqMessage first = received.poll(5, TimeUnit.SECONDS);
						assertThat(first).as("first message of connection %d", i).isEqualTo(ZmqMessage.of("first " + i));
						millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
					}
				}
				assertThat(millis).as("connect -> first message, ms")
					.allMatch((ms) -> ms < 1000);
			}
		}
	}

	@Test
	void socketEventsReachListeners() {
		List<SocketEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (ZmqEngine engine = ZmqEngine.builder().name("events").eventListener(events::add).build();
				ZmqSocket pull = engine.open(ZmqSocketSpec.builder("listening", SocketType.PULL).bind("tcp://127.0.0.1:*").build(),
						(message) -> {
						})) {
			try (ZmqSocket push = engine.open(ZmqSocketSpec.builder("connecting", SocketType.PUSH)
				.connect("tcp://127.0.0.1:" + pull.boundPort())
				.build())) {
				await().atMost(Duration.ofSeconds(10)).until(() -> has(events, "connecting", SocketEventType.CONNECTED)
						&& has(events, "listening", SocketEventType.ACCEPTED)
						&& has(events, "connecting", SocketEventType.HANDSHAKE_SUCCEEDED));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> has(events, "listening", SocketEventType.DISCONNECTED));
			assertThat(has(events, "listening", SocketEventType.LISTENING)).isTrue();
		}
	}

	private static boolean has(List<SocketEvent> events, String socket, SocketEventType type) {
		return events.stream().anyMatch((event) -> event.socketName().equals(socket) && event.type() == type);
	}

}
