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

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static io.github.zmqspring.interop.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ZMTP 3.1 behaviour with real pyzmq/libzmq 4.3.4 peers beyond the message patterns: heartbeats both ways (the
 * engine answers libzmq's PING with PONG, and accepts libzmq's PONG to its own PING, so a heartbeating connection
 * stays the one connection), and socket types that RFC 37 does not pair refused in the handshake without a byte of
 * the incompatible peer delivered and the refusal reported as a failed handshake. Heartbeats run on the default
 * engine, socket-type refusals on the ZMTP engine (whose events report them).
 */
@Tag("interop")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtocolInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	/** Well past the 300 ms heartbeat timeouts below: a connection without working heartbeats would have dropped. */
	private static final Duration HEARTBEATS_ONLY = Duration.ofMillis(1500);

	private final List<SocketEvent> events = new CopyOnWriteArrayList<>();

	private final ZmqEngine engine = ZmqEngine.builder().name("interop-protocol").eventListener(this.events::add).build();

	/** The ZMTP engine, which reports a refused socket type as a failed handshake. */
	private final ZmqEngine zmtp = ZmqEngine.builder()
		.name("interop-protocol-zmtp")
		.eventListener(this.events::add)
		.build();

	@AfterAll
	void closeEngines() {
		this.engine.close();
		this.zmtp.close();
	}

	private long count(String socketName, SocketEventType type) {
		return this.events.stream().filter((event) -> event.socketName().equals(socketName) && event.type() == type).count();
	}

	@Nested
	class Heartbeats {

		@Test
		void pyzmqDealerHeartbeatingTheEngineRouterKeepsItsOneConnection() {
			ZmqSocket[] router = new ZmqSocket[1];
			router[0] = ProtocolInteropTests.this.engine.open(
					ZmqSocketSpec.builder("hb-router", SocketType.ROUTER).bind("tcp://127.0.0.1:*").build(),
					(message) -> router[0].send(message.append(utf8("pong"))));
			try (ZmqSocket closing = router[0]; PyPeer peer = PyPeer.start()) {
				peer.socket("dealer", "DEALER", "identity=" + PyPeer.hex(utf8("hb")), "opt=HEARTBEAT_IVL:100",
						"opt=HEARTBEAT_TIMEOUT:300");
				peer.connect("dealer", router[0].boundPort());
				peer.send("dealer", ZmqMessage.of("first"));
				assertThat(peer.recv("dealer", WAIT)).isEqualTo(ZmqMessage.of("first", "pong"));
				// nothing but libzmq's PINGs and the engine's PONGs cross the connection now
				await().during(HEARTBEATS_ONLY).atMost(HEARTBEATS_ONLY.multipliedBy(4))
					.until(() -> count("hb-router", SocketEventType.DISCONNECTED) == 0);
				assertThat(count("hb-router", SocketEventType.HANDSHAKE_SUCCEEDED)).as("one connection, never re-made")
					.isEqualTo(1);
				peer.send("dealer", ZmqMessage.of("second"));
				assertThat(peer.recv("dealer", WAIT)).isEqualTo(ZmqMessage.of("second", "pong"));
			}
		}

		@Test
		void engineDealerHeartbeatingAPyzmqRouterKeepsItsOneConnection() {
			List<ZmqMessage> received = new CopyOnWriteArrayList<>();
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("router", "ROUTER");
				int port = peer.bind("router");
				try (ZmqSocket dealer = ProtocolInteropTests.this.engine.open(ZmqSocketSpec.builder("hb-dealer", SocketType.DEALER)
					.connect("tcp://127.0.0.1:" + port)
					.routingId("hb-java")
					.heartbeatInterval(Duration.ofMillis(100))
					.heartbeatTimeout(Duration.ofMillis(300))
					.build(), received::add)) {
					dealer.send(ZmqMessage.of("first"));
					assertThat(peer.recv("router", WAIT)).isEqualTo(ZmqMessage.of("hb-java", "first"));
					await().during(HEARTBEATS_ONLY).atMost(HEARTBEATS_ONLY.multipliedBy(4))
						.until(() -> count("hb-dealer", SocketEventType.DISCONNECTED) == 0);
					assertThat(count("hb-dealer", SocketEventType.HANDSHAKE_SUCCEEDED)).as("one connection, never re-made")
						.isEqualTo(1);
					peer.send("router", ZmqMessage.of("hb-java", "reply"));
					await().atMost(WAIT).until(() -> received.size() == 1);
					assertThat(received).containsExactly(ZmqMessage.of("reply"));
				}
			}
		}

	}

	@Nested
	class IncompatibleSocketTypes {

		@Test
		void enginePullRefusesAPyzmqDealerAndStillServesAPyzmqPush() {
			List<ZmqMessage> received = new CopyOnWriteArrayList<>();
			try (ZmqSocket pull = ProtocolInteropTests.this.zmtp.open(
					ZmqSocketSpec.builder("typed-pull", SocketType.PULL).bind("tcp://127.0.0.1:*").build(), received::add);
					PyPeer peer = PyPeer.start()) {
				peer.socket("dealer", "DEALER").connect("dealer", pull.boundPort()).send("dealer", ZmqMessage.of("from a dealer"));
				await().atMost(WAIT).until(() -> count("typed-pull", SocketEventType.HANDSHAKE_FAILED) >= 1);
				peer.socket("push", "PUSH").connect("push", pull.boundPort()).send("push", ZmqMessage.of("from a push"));
				await().atMost(WAIT).until(() -> !received.isEmpty());
				await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
					.until(() -> received.equals(List.of(ZmqMessage.of("from a push"))));
			}
		}

		@Test
		void pyzmqPullNeverReceivesFromAnEngineDealerButDoesFromAnEnginePush() {
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("pull", "PULL");
				int port = peer.bind("pull");
				try (ZmqSocket dealer = ProtocolInteropTests.this.zmtp.open(ZmqSocketSpec
					.builder("typed-dealer", SocketType.DEALER)
					.connect("tcp://127.0.0.1:" + port)
					.build(), (message) -> {
					});
						ZmqSocket push = ProtocolInteropTests.this.zmtp.open(ZmqSocketSpec.builder("typed-push", SocketType.PUSH)
							.connect("tcp://127.0.0.1:" + port)
							.build())) {
					dealer.send(ZmqMessage.of("from a dealer"));
					await().atMost(WAIT).until(() -> count("typed-dealer", SocketEventType.HANDSHAKE_FAILED) >= 1);
					push.send(ZmqMessage.of("from a push"));
					assertThat(peer.recv("pull", WAIT)).isEqualTo(ZmqMessage.of("from a push"));
					assertThat(peer.poll("pull", Duration.ofMillis(500))).as("nothing from the DEALER").isNull();
					assertThat(count("typed-dealer", SocketEventType.HANDSHAKE_SUCCEEDED)).isZero();
				}
			}
		}

	}

}
