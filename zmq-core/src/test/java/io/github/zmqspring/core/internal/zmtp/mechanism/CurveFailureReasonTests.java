package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventReason;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqAuthenticator;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqKeyPair;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism.State;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reasons of CURVE failures after the handshake, provoked by a hand-driven client over tcp: a replayed box is
 * {@link SocketEventReason#REPLAYED_NONCE}, a tampered one {@link SocketEventReason#CRYPTO_FAILED}, each an
 * {@link SocketEventType#ENGINE_FAULT} naming the client's address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CurveFailureReasonTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ZmqKeyPair serverKeys = ZmqSecurity.generateKeyPair();

	private final ZmqKeyPair clientKeys = ZmqSecurity.generateKeyPair();

	private final Queue<SocketEvent> events = new ConcurrentLinkedQueue<>();

	private final ZmqEngine engine = ZmqEngine.builder()
		.name("curve-reasons")
		.eventListener(this.events::add)
		.authenticator(ZmqAuthenticator.builder().allowCurveKeys(this.clientKeys.publicKey()).build())
		.build();

	@AfterAll
	void closeEngine() {
		assertThat(CompletableFuture.runAsync(this.engine::close)).succeedsWithin(Duration.ofSeconds(15));
	}

	private ZmqSocket server(String name) {
		return this.engine.open(ZmqSocketSpec.builder(name, SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.security(ZmqSecurity.curveServer(this.serverKeys))
			.build(), (message) -> {
			});
	}

	private MechanismOverSocket handshake(Socket raw) throws Exception {
		ZmtpMechanism client = ZmtpMechanism.curveClient(
				new ZmtpMetadata().put(ZmtpMetadata.SOCKET_TYPE, "PUSH".getBytes(StandardCharsets.US_ASCII)),
				this.clientKeys, this.serverKeys.publicKey(), ZmtpMechanism.DEFAULT_MAX_METADATA_SIZE);
		MechanismOverSocket connection = new MechanismOverSocket(raw, client, (int) WAIT.toMillis());
		assertThat(connection.handshake((request) -> {
			throw new AssertionError("a client is never asked for ZAP");
		})).isEqualTo(State.COMPLETE);
		return connection;
	}

	private SocketEvent fault(String socket, int peerPort) {
		return await().atMost(WAIT)
			.until(() -> this.events.stream()
				.filter((event) -> event.socketName().equals(socket) && event.type() == SocketEventType.ENGINE_FAULT
						&& event.endpoint().equals("tcp://127.0.0.1:" + peerPort))
				.findFirst(), Optional::isPresent)
			.orElseThrow();
	}

	@Test
	void aReplayedBoxIsAReplayedNonce() throws Exception {
		try (ZmqSocket server = server("replayed");
				Socket raw = new Socket("127.0.0.1", server.boundPort());
				MechanismOverSocket connection = handshake(raw)) {
			byte[] box = connection.encodeToWire(false, "once".getBytes(StandardCharsets.US_ASCII));
			connection.writeRaw(box);
			connection.writeRaw(box);
			assertThat(fault("replayed", raw.getLocalPort()).reason()).isEqualTo(SocketEventReason.REPLAYED_NONCE);
		}
	}

	@Test
	void aTamperedBoxIsCryptoFailed() throws Exception {
		try (ZmqSocket server = server("tampered");
				Socket raw = new Socket("127.0.0.1", server.boundPort());
				MechanismOverSocket connection = handshake(raw)) {
			byte[] box = connection.encodeToWire(false, "pay 100".getBytes(StandardCharsets.US_ASCII));
			box[box.length - 2] ^= 1;
			connection.writeRaw(box);
			assertThat(fault("tampered", raw.getLocalPort()).reason()).isEqualTo(SocketEventReason.CRYPTO_FAILED);
		}
	}

}
