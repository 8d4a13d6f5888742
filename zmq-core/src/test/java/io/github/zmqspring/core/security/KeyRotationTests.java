package io.github.zmqspring.core.security;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqKeyPair;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * A CURVE server's own key pair rotated while it runs ({@code ManagedSocket.updateSecurity}): established clients stay
 * connected, new handshakes need the new server key.
 */
class KeyRotationTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final Queue<SocketEvent> events = new ConcurrentLinkedQueue<>();

	private final ZmqEngine engine = ZmqEngine.builder().name("rotation").eventListener(this.events::add).build();

	@AfterEach
	void closeEngine() {
		this.engine.close();
	}

	private ZmqSocket push(String name, ZmqSocket server, ZmqSecurity security) {
		return this.engine.open(ZmqSocketSpec.builder(name, SocketType.PUSH)
			.connect("tcp://127.0.0.1:" + server.boundPort())
			.security(security)
			.linger(Duration.ZERO)
			.build());
	}

	@Test
	void aRotatedServerKeyKeepsConnectedClientsAndAdmitsOnlyNewHandshakesWithTheNewKey() {
		ZmqKeyPair before = ZmqSecurity.generateKeyPair();
		ZmqKeyPair after = ZmqSecurity.generateKeyPair();
		ZmqKeyPair client = ZmqSecurity.generateKeyPair();
		Queue<String> received = new ConcurrentLinkedQueue<>();
		try (ZmqSocket server = this.engine.open(ZmqSocketSpec.builder("rotating", SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.security(ZmqSecurity.curveServer(before))
			.build(), (message) -> received.add(message.frameAsString(0)));
				ZmqSocket early = push("early", server, ZmqSecurity.curveClient(client, before.publicKey()))) {
			early.send(ZmqMessage.of("early 1"));
			await().atMost(WAIT).until(() -> received.contains("early 1"));

			server.updateSecurity(ZmqSecurity.curveServer(after));

			early.send(ZmqMessage.of("early 2"));
			try (ZmqSocket renewed = push("renewed", server, ZmqSecurity.curveClient(client, after.publicKey()));
					ZmqSocket stale = push("stale", server, ZmqSecurity.curveClient(client, before.publicKey()))) {
				renewed.send(ZmqMessage.of("renewed 1"));
				stale.send(ZmqMessage.of("stale 1"));
				await().atMost(WAIT).until(() -> received.contains("early 2") && received.contains("renewed 1"));
				await().atMost(WAIT).until(() -> this.events.stream().anyMatch((event) -> event.socketName().equals("rotating")
						&& event.type() == SocketEventType.HANDSHAKE_FAILED));
				assertThat(received).doesNotContain("stale 1");
				assertThat(this.events).noneMatch((event) -> event.socketName().equals("early")
						&& event.type() == SocketEventType.DISCONNECTED);
			}
		}
	}

	@Test
	void anUpdateMustKeepTheMechanismTheSideAndTheZapDomain() {
		ZmqKeyPair keys = ZmqSecurity.generateKeyPair();
		try (ZmqSocket server = this.engine.open(ZmqSocketSpec.builder("strict", SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.security(ZmqSecurity.curveServer(keys))
			.build(), (message) -> {
			});
				ZmqSocket plain = this.engine.open(ZmqSocketSpec.builder("unsecured", SocketType.PUSH)
					.bind("tcp://127.0.0.1:*")
					.build())) {
			assertThatIllegalArgumentException().isThrownBy(() -> server.updateSecurity(ZmqSecurity.plainServer()))
				.withMessageContaining("socket 'strict'")
				.withMessageContaining("CURVE_SERVER");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> server.updateSecurity(ZmqSecurity.curveClient(keys, keys.publicKey())))
				.withMessageContaining("socket 'strict'");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> plain.updateSecurity(ZmqSecurity.curveServer(keys)))
				.withMessageContaining("socket 'unsecured' has no security");
		}
	}

}
