package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqAuthenticator;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqKeyPair;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.zmtp.ZmtpFrameEncoder;
import io.github.zmqspring.core.internal.zmtp.ZmtpGreeting;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism.State;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile CURVE peers against a CURVE server on the engine's own implementation, over tcp: each offender is dropped,
 * counted and reported with its address, and nothing it sent is delivered, while good clients are still served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwnEngineCurveHostileTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final ZmqKeyPair serverKeys = ZmqSecurity.generateKeyPair();

	private final ZmqKeyPair clientKeys = ZmqSecurity.generateKeyPair();

	private final Queue<SocketEvent> events = new ConcurrentLinkedQueue<>();

	private final ZmqEngine engine = ZmqEngine.builder()
		.name("curve-hostile")
		.eventListener(this.events::add)
		.authenticator(ZmqAuthenticator.builder().allowCurveKeys(this.clientKeys.publicKey()).build())
		.build();

	@AfterAll
	void closeEngine() {
		assertThat(CompletableFuture.runAsync(this.engine::close)).succeedsWithin(Duration.ofSeconds(15));
	}

	private record Server(ZmqSocket socket, Queue<String> received) implements AutoCloseable {

		@Override
		public void close() {
			this.socket.close();
		}

	}

	private Server server(String name) {
		Queue<String> received = new ConcurrentLinkedQueue<>();
		ZmqSocket socket = this.engine.open(ZmqSocketSpec.builder(name, SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.security(ZmqSecurity.curveServer(this.serverKeys))
			.build(), (message) -> received.add(message.frameAsString(0)));
		return new Server(socket, received);
	}

	/** A good client on the same engine still gets through. */
	private void assertGoodClientServed(Server server, String name) {
		try (ZmqSocket client = this.engine.open(ZmqSocketSpec.builder(name, SocketType.PUSH)
			.connect("tcp://127.0.0.1:" + server.socket().boundPort())
			.security(ZmqSecurity.curveClient(this.clientKeys, this.serverKeys.publicKey()))
			.linger(Duration.ofSeconds(1))
			.build())) {
			client.send(ZmqMessage.of("legit"));
			await().atMost(WAIT).until(() -> server.received().contains("legit"));
		}
	}

	private boolean reported(String socket, SocketEventType type) {
		return this.events.stream()
			.anyMatch((event) -> event.socketName().equals(socket) && event.type() == type
					&& event.endpoint().startsWith("tcp://127.0.0.1:"));
	}

	private static boolean closedByServer(InputStream in) throws IOException {
		try {
			while (true) {
				if (in.read() < 0) {
					return true;
				}
			}
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			// a reset is a close too
			return true;
		}
	}

	@Test
	void aGarbageHelloOneOctetShortIsDroppedAndReported() throws Exception {
		try (Server server = server("garbage-hello")) {
			try (Socket raw = new Socket("127.0.0.1", server.socket().boundPort())) {
				raw.setSoTimeout((int) WAIT.toMillis());
				OutputStream out = raw.getOutputStream();
				out.write(ZmtpGreeting.encode("CURVE", false));
				// HELLO is exactly 200 octets (RFC 26); this one has 199, the rest random garbage.
				byte[] hello = new byte[199];
				Arrays.fill(hello, (byte) 0x5A);
				hello[0] = 5;
				System.arraycopy("HELLO".getBytes(StandardCharsets.US_ASCII), 0, hello, 1, 5);
				out.write(ZmtpFrameEncoder.frame(hello, false, true));
				out.flush();
				InputStream in = raw.getInputStream();
				assertThat(in.readNBytes(ZmtpGreeting.SIZE)).hasSize(ZmtpGreeting.SIZE);
				assertThat(closedByServer(in)).isTrue();
			}
			await().atMost(WAIT).until(() -> server.socket().stats().handshakeFailures() > 0);
			assertThat(reported("garbage-hello", SocketEventType.HANDSHAKE_FAILED)).isTrue();
			assertGoodClientServed(server, "garbage-hello-good");
			assertThat(server.received()).containsExactly("legit");
		}
	}

	@Test
	void aReplayedMessageNonceIsDroppedAndReportedAfterTheOriginalIsDelivered() throws Exception {
		try (Server server = server("replay")) {
			Socket raw = new Socket("127.0.0.1", server.socket().boundPort());
			ZmtpMechanism client = ZmtpMechanism.curveClient(new ZmtpMetadata().put(ZmtpMetadata.SOCKET_TYPE,
					"PUSH".getBytes(StandardCharsets.US_ASCII)), this.clientKeys, this.serverKeys.publicKey(),
					ZmtpMechanism.DEFAULT_MAX_METADATA_SIZE);
			try (MechanismOverSocket connection = new MechanismOverSocket(raw, client, (int) WAIT.toMillis())) {
				assertThat(connection.handshake((request) -> {
					throw new AssertionError("a client is never asked for ZAP");
				})).isEqualTo(State.COMPLETE);
				byte[] box = connection.encodeToWire(false, "once".getBytes(StandardCharsets.US_ASCII));
				connection.writeRaw(box);
				await().atMost(WAIT).until(() -> server.received().contains("once"));
				// The same box again: its short nonce does not exceed the last one.
				connection.writeRaw(box);
				boolean closed;
				try {
					connection.receive();
					closed = false;
				}
				catch (EOFException | java.net.SocketException ex) {
					closed = true;
				}
				assertThat(closed).isTrue();
			}
			await().atMost(WAIT).until(() -> server.socket().stats().engineFaults() > 0);
			assertThat(reported("replay", SocketEventType.ENGINE_FAULT)).isTrue();
			assertGoodClientServed(server, "replay-good");
			assertThat(server.received()).containsExactly("once", "legit");
		}
	}

}
