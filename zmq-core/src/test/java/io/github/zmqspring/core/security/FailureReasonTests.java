package io.github.zmqspring.core.security;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventReason;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqAuthenticator;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqKeyPair;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every handshake and authentication failure that real sockets and raw TCP peers can provoke, as its event reports
 * it: the type, the {@link SocketEventReason reason} and the peer's address; the DISCONNECTED that follows a failure
 * carries the same reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailureReasonTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ZmqKeyPair serverKeys = ZmqSecurity.generateKeyPair();

	private final ZmqKeyPair clientKeys = ZmqSecurity.generateKeyPair();

	private final ZmqKeyPair strangerKeys = ZmqSecurity.generateKeyPair();

	private final Queue<SocketEvent> events = new ConcurrentLinkedQueue<>();

	private final ZmqEngine engine = ZmqEngine.builder()
		.name("reasons")
		.eventListener(this.events::add)
		.authenticator(ZmqAuthenticator.builder()
			.allowCurveKeys(this.clientKeys.publicKey())
			.plainUser("admin", "s3cret")
			.build())
		.build();

	@AfterAll
	void closeEngine() {
		assertThat(CompletableFuture.runAsync(this.engine::close)).succeedsWithin(Duration.ofSeconds(15));
	}

	private ZmqSocket server(String name, ZmqSecurity security) {
		return server(ZmqSocketSpec.builder(name, SocketType.PULL).bind("tcp://127.0.0.1:*").security(security));
	}

	private ZmqSocket server(ZmqSocketSpec.Builder spec) {
		return this.engine.open(spec.build(), (message) -> {
		});
	}

	private ZmqSocket client(String name, ZmqSocket server, ZmqSecurity security) {
		return this.engine.open(ZmqSocketSpec.builder(name, SocketType.PUSH)
			.connect(endpoint(server))
			.security(security)
			.linger(Duration.ZERO)
			.build());
	}

	private static String endpoint(ZmqSocket server) {
		return "tcp://127.0.0.1:" + server.boundPort();
	}

	/** Waits for the first event of a socket that has the type and passes the test. */
	private SocketEvent event(String socket, SocketEventType type, Predicate<SocketEvent> test) {
		return await().atMost(WAIT)
			.until(() -> this.events.stream()
				.filter((event) -> event.socketName().equals(socket) && event.type() == type && test.test(event))
				.findFirst(), Optional::isPresent)
			.orElseThrow();
	}

	private SocketEvent event(String socket, SocketEventType type) {
		return event(socket, type, (event) -> true);
	}

	/** The event of a raw peer's connection: its address names the peer's own port. */
	private SocketEvent event(String socket, SocketEventType type, RawZmtpPeer peer) {
		return event(socket, type, (event) -> event.endpoint().equals("tcp://127.0.0.1:" + peer.localPort()));
	}

	private void assertDisconnectedFor(String socket, SocketEventReason reason) {
		assertThat(event(socket, SocketEventType.DISCONNECTED, (event) -> event.reason() == reason).endpoint())
			.startsWith("tcp://127.0.0.1:");
	}

	@Nested
	class Authentication {

		@Test
		void anUnknownCurveClientKeyIsClientKeyRefusedOnTheServerAndPeerRefusedOnTheClient() {
			try (ZmqSocket server = server("unknown-key", ZmqSecurity.curveServer(serverKeys));
					ZmqSocket client = client("unknown-key-client", server,
							ZmqSecurity.curveClient(strangerKeys, serverKeys.publicKey()))) {
				SocketEvent refused = event("unknown-key", SocketEventType.AUTH_FAILED);
				assertThat(refused.reason()).isEqualTo(SocketEventReason.CLIENT_KEY_REFUSED);
				// The authenticator names the peer by its IP address, as ZAP does.
				assertThat(refused.endpoint()).isEqualTo("127.0.0.1");
				assertThat(refused.value()).isEqualTo(400);
				assertDisconnectedFor("unknown-key", SocketEventReason.CLIENT_KEY_REFUSED);
				SocketEvent told = event("unknown-key-client", SocketEventType.AUTH_FAILED);
				assertThat(told.reason()).isEqualTo(SocketEventReason.PEER_REFUSED);
				assertThat(told.endpoint()).isEqualTo(endpoint(server));
				assertThat(server.stats().authFailures()).isGreaterThanOrEqualTo(1);
			}
		}

		@Test
		void aWrongPlainPasswordIsCredentialsRefused() {
			try (ZmqSocket server = server("wrong-password", ZmqSecurity.plainServer());
					ZmqSocket client = client("wrong-password-client", server,
							ZmqSecurity.plainClient("admin", "guess"))) {
				SocketEvent refused = event("wrong-password", SocketEventType.AUTH_FAILED);
				assertThat(refused.reason()).isEqualTo(SocketEventReason.CREDENTIALS_REFUSED);
				assertThat(refused.endpoint()).isEqualTo("127.0.0.1");
				SocketEvent told = event("wrong-password-client", SocketEventType.AUTH_FAILED);
				assertThat(told.reason()).isEqualTo(SocketEventReason.PEER_REFUSED);
				assertThat(told.endpoint()).isEqualTo(endpoint(server));
			}
		}

		@Test
		void aDeniedAddressIsAddressRefused() {
			Queue<SocketEvent> denied = new ConcurrentLinkedQueue<>();
			try (ZmqEngine guarded = ZmqEngine.builder()
				.name("reasons-denied")
				.eventListener(denied::add)
				.authenticator(ZmqAuthenticator.builder()
					.allowCurveKeys(clientKeys.publicKey())
					.denyIps("127.0.0.1")
					.build())
				.build()) {
				ZmqSocket server = guarded.open(ZmqSocketSpec.builder("denied", SocketType.PULL)
					.bind("tcp://127.0.0.1:*")
					.security(ZmqSecurity.curveServer(serverKeys))
					.build(), (message) -> {
					});
				guarded.open(ZmqSocketSpec.builder("denied-client", SocketType.PUSH)
					.connect(endpoint(server))
					.security(ZmqSecurity.curveClient(clientKeys, serverKeys.publicKey()))
					.linger(Duration.ZERO)
					.build());
				SocketEvent refused = await().atMost(WAIT)
					.until(() -> denied.stream()
						.filter((event) -> event.socketName().equals("denied")
								&& event.type() == SocketEventType.AUTH_FAILED)
						.findFirst(), Optional::isPresent)
					.orElseThrow();
				assertThat(refused.reason()).isEqualTo(SocketEventReason.ADDRESS_REFUSED);
				assertThat(refused.endpoint()).isEqualTo("127.0.0.1");
			}
		}

	}

	/** An application's ZAP handler on inproc://zeromq.zap.01 answers with status codes only: no reason of its own. */
	@Nested
	class ApplicationZapHandler {

		private SocketEvent refusalWithStatus(String status) {
			Queue<SocketEvent> seen = new ConcurrentLinkedQueue<>();
			try (ZmqEngine own = ZmqEngine.builder().name("reasons-own-zap-" + status).eventListener(seen::add).build()) {
				own.server(ZmqSocketSpec.builder("zap-" + status, SocketType.REP).bind(ZmqAuthenticator.ZAP_ENDPOINT).build(),
						(request) -> ZmqMessage.of("1.0".getBytes(StandardCharsets.US_ASCII), request.body().frame(1),
								status.getBytes(StandardCharsets.US_ASCII),
								"no".getBytes(StandardCharsets.US_ASCII), new byte[0], new byte[0]));
				ZmqSocket server = own.open(ZmqSocketSpec.builder("decided-" + status, SocketType.PULL)
					.bind("tcp://127.0.0.1:*")
					.security(ZmqSecurity.plainServer())
					.build(), (message) -> {
					});
				own.open(ZmqSocketSpec.builder("decided-client-" + status, SocketType.PUSH)
					.connect(endpoint(server))
					.security(ZmqSecurity.plainClient("admin", "s3cret"))
					.linger(Duration.ZERO)
					.build());
				return await().atMost(WAIT)
					.until(() -> seen.stream()
						.filter((event) -> event.socketName().equals("decided-" + status)
								&& event.type() == SocketEventType.AUTH_FAILED)
						.findFirst(), Optional::isPresent)
					.orElseThrow();
			}
		}

		@Test
		void aRefusalIsAccessDenied() {
			SocketEvent refused = refusalWithStatus("400");
			assertThat(refused.reason()).isEqualTo(SocketEventReason.ACCESS_DENIED);
			assertThat(refused.endpoint()).isEqualTo("127.0.0.1");
		}

		@Test
		void anInternalErrorIsAZapError() {
			assertThat(refusalWithStatus("500").reason()).isEqualTo(SocketEventReason.ZAP_ERROR);
		}

	}

	@Nested
	class Handshake {

		@Test
		void aWrongCurveServerKeyIsCryptoFailedOnTheServerAndPeerClosedOnTheClient() {
			try (ZmqSocket server = server("wrong-server-key", ZmqSecurity.curveServer(serverKeys));
					ZmqSocket client = client("wrong-server-key-client", server,
							ZmqSecurity.curveClient(clientKeys, strangerKeys.publicKey()))) {
				SocketEvent failed = event("wrong-server-key", SocketEventType.HANDSHAKE_FAILED);
				assertThat(failed.reason()).isEqualTo(SocketEventReason.CRYPTO_FAILED);
				assertThat(failed.endpoint()).startsWith("tcp://127.0.0.1:");
				assertDisconnectedFor("wrong-server-key", SocketEventReason.CRYPTO_FAILED);
				// The server closes without ERROR (as libzmq): the client only sees the connection end.
				SocketEvent seen = event("wrong-server-key-client", SocketEventType.HANDSHAKE_FAILED);
				assertThat(seen.reason()).isEqualTo(SocketEventReason.PEER_CLOSED);
				assertThat(seen.endpoint()).isEqualTo(endpoint(server));
				assertThat(server.stats().authFailures()).isZero();
			}
		}

		@Test
		void aNullClientOnACurveServerIsAMechanismMismatchOnBothSides() {
			try (ZmqSocket server = server("null-to-curve", ZmqSecurity.curveServer(serverKeys));
					ZmqSocket client = FailureReasonTests.this.engine.open(ZmqSocketSpec
						.builder("null-to-curve-client", SocketType.PUSH)
						.connect(endpoint(server))
						.linger(Duration.ZERO)
						.build())) {
				SocketEvent failed = event("null-to-curve", SocketEventType.HANDSHAKE_FAILED);
				assertThat(failed.reason()).isEqualTo(SocketEventReason.MECHANISM_MISMATCH);
				assertThat(failed.endpoint()).startsWith("tcp://127.0.0.1:");
				SocketEvent seen = event("null-to-curve-client", SocketEventType.HANDSHAKE_FAILED);
				assertThat(seen.reason()).isEqualTo(SocketEventReason.MECHANISM_MISMATCH);
				assertThat(seen.endpoint()).isEqualTo(endpoint(server));
			}
		}

		@Test
		void aPubConnectedToAPullIsASocketTypeMismatch() {
			try (ZmqSocket server = server(
					ZmqSocketSpec.builder("type-mismatch", SocketType.PULL).bind("tcp://127.0.0.1:*"));
					ZmqSocket client = FailureReasonTests.this.engine.open(ZmqSocketSpec
						.builder("type-mismatch-client", SocketType.PUB)
						.connect(endpoint(server))
						.linger(Duration.ZERO)
						.build())) {
				SocketEvent failed = event("type-mismatch", SocketEventType.HANDSHAKE_FAILED);
				assertThat(failed.reason()).isEqualTo(SocketEventReason.SOCKET_TYPE_MISMATCH);
				assertThat(failed.endpoint()).startsWith("tcp://127.0.0.1:");
			}
		}

		@Test
		void anHttpRequestInsteadOfAGreetingIsAMalformedGreeting() throws Exception {
			try (ZmqSocket server = server(ZmqSocketSpec.builder("http", SocketType.PULL).bind("tcp://127.0.0.1:*"));
					RawZmtpPeer peer = RawZmtpPeer.connect(server.boundPort())) {
				peer.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				SocketEvent failed = event("http", SocketEventType.HANDSHAKE_FAILED, peer);
				assertThat(failed.reason()).isEqualTo(SocketEventReason.MALFORMED_GREETING);
				assertThat(peer.closedByServerWithin(WAIT)).isTrue();
			}
		}

		@Test
		void aZmtp20GreetingIsAnUnsupportedVersion() throws Exception {
			try (ZmqSocket server = server(ZmqSocketSpec.builder("downgrade", SocketType.PULL).bind("tcp://127.0.0.1:*"));
					RawZmtpPeer peer = RawZmtpPeer.connect(server.boundPort())) {
				byte[] greeting = RawZmtpPeer.greeting("NULL");
				greeting[10] = 2;
				peer.write(greeting);
				SocketEvent failed = event("downgrade", SocketEventType.HANDSHAKE_FAILED, peer);
				assertThat(failed.reason()).isEqualTo(SocketEventReason.UNSUPPORTED_VERSION);
			}
		}

		@Test
		void aCommandWithAnEmptyNameIsAMalformedCommand() throws Exception {
			try (ZmqSocket server = server(ZmqSocketSpec.builder("empty-name", SocketType.PULL).bind("tcp://127.0.0.1:*"));
					RawZmtpPeer peer = RawZmtpPeer.connect(server.boundPort())) {
				peer.write(RawZmtpPeer.greeting("NULL"));
				assertThat(peer.input().readNBytes(64)).hasSize(64);
				peer.write(new byte[] { 0x04, 1, 0 });
				SocketEvent failed = event("empty-name", SocketEventType.HANDSHAKE_FAILED, peer);
				assertThat(failed.reason()).isEqualTo(SocketEventReason.MALFORMED_COMMAND);
			}
		}

		@Test
		void aMessageBeforeReadyIsAnUnexpectedCommand() throws Exception {
			try (ZmqSocket server = server(ZmqSocketSpec.builder("early", SocketType.PULL).bind("tcp://127.0.0.1:*"));
					RawZmtpPeer peer = RawZmtpPeer.connect(server.boundPort())) {
				peer.write(RawZmtpPeer.greeting("NULL"));
				assertThat(peer.input().readNBytes(64)).hasSize(64);
				peer.write(RawZmtpPeer.message("too early"));
				SocketEvent failed = event("early", SocketEventType.HANDSHAKE_FAILED, peer);
				assertThat(failed.reason()).isEqualTo(SocketEventReason.UNEXPECTED_COMMAND);
			}
		}

		@Test
		void aSilentPeerIsAHandshakeTimeout() throws Exception {
			try (ZmqSocket server = server(ZmqSocketSpec.builder("silent", SocketType.PULL)
				.bind("tcp://127.0.0.1:*")
				.handshakeInterval(Duration.ofMillis(200)));
					RawZmtpPeer peer = RawZmtpPeer.connect(server.boundPort())) {
				SocketEvent failed = event("silent", SocketEventType.HANDSHAKE_FAILED, peer);
				assertThat(failed.reason()).isEqualTo(SocketEventReason.HANDSHAKE_TIMEOUT);
				assertThat(peer.closedByServerWithin(WAIT)).isTrue();
				assertThat(event("silent", SocketEventType.DISCONNECTED, peer).reason())
					.isEqualTo(SocketEventReason.HANDSHAKE_TIMEOUT);
			}
		}

		@Test
		void aPeerThatHangsUpMidGreetingIsPeerClosed() throws Exception {
			try (ZmqSocket server = server(ZmqSocketSpec.builder("hang-up", SocketType.PULL).bind("tcp://127.0.0.1:*"))) {
				RawZmtpPeer peer = RawZmtpPeer.connect(server.boundPort());
				int port = peer.localPort();
				peer.write(new byte[] { (byte) 0xFF, 0, 0 });
				peer.close();
				SocketEvent failed = event("hang-up", SocketEventType.HANDSHAKE_FAILED,
						(event) -> event.endpoint().equals("tcp://127.0.0.1:" + port));
				assertThat(failed.reason()).isEqualTo(SocketEventReason.PEER_CLOSED);
			}
		}

		@Test
		void aNullServerAnsweringErrorIsPeerRefusedOnTheClient() throws Exception {
			try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				String endpoint = "tcp://127.0.0.1:" + listener.getLocalPort();
				try (ZmqSocket client = FailureReasonTests.this.engine.open(ZmqSocketSpec
					.builder("told-off", SocketType.PUSH)
					.connect(endpoint)
					.linger(Duration.ZERO)
					.build()); Socket accepted = listener.accept()) {
					accepted.setSoTimeout((int) WAIT.toMillis());
					OutputStream out = accepted.getOutputStream();
					out.write(RawZmtpPeer.greeting("NULL"));
					assertThat(accepted.getInputStream().readNBytes(64)).hasSize(64);
					byte[] error = { 5, 'E', 'R', 'R', 'O', 'R', 3, '4', '0', '0' };
					out.write(new byte[] { 0x04, (byte) error.length });
					out.write(error);
					out.flush();
					SocketEvent refused = event("told-off", SocketEventType.HANDSHAKE_FAILED);
					assertThat(refused.reason()).isEqualTo(SocketEventReason.PEER_REFUSED);
					assertThat(refused.endpoint()).isEqualTo(endpoint);
				}
			}
		}

		@Test
		void aStalledPendingHandshakeIsDroppedAsLimitExceededForANewcomerThatSentItsGreeting() throws Exception {
			try (ZmqSocket server = server(ZmqSocketSpec.builder("crowded", SocketType.PULL)
				.bind("tcp://127.0.0.1:*")
				.maxPendingHandshakes(1));
					RawZmtpPeer first = RawZmtpPeer.connect(server.boundPort())) {
				event("crowded", SocketEventType.ACCEPTED, first);
				try (RawZmtpPeer second = RawZmtpPeer.connect(server.boundPort())) {
					second.write(RawZmtpPeer.greeting("NULL"));
					// Once the first made no progress for the grace (a second here), the second takes its slot.
					SocketEvent evicted = event("crowded", SocketEventType.HANDSHAKE_FAILED, first);
					assertThat(evicted.reason()).isEqualTo(SocketEventReason.LIMIT_EXCEEDED);
					assertThat(first.closedByServerWithin(WAIT)).isTrue();
					event("crowded", SocketEventType.ACCEPTED, second);
					assertThat(FailureReasonTests.this.events).noneMatch((event) -> event.type() == SocketEventType.HANDSHAKE_FAILED
							&& event.endpoint().equals("tcp://127.0.0.1:" + second.localPort()));
				}
			}
		}

		@Test
		void aHandshakeStalledAfterOurReadyIsNotDroppedForANewcomerButExpiresAtItsDeadline() throws Exception {
			try (ZmqSocket server = server(ZmqSocketSpec.builder("ready-sent", SocketType.PULL)
				.bind("tcp://127.0.0.1:*")
				.maxPendingHandshakes(1)
				.handshakeInterval(Duration.ofSeconds(3)));
					RawZmtpPeer first = RawZmtpPeer.connect(server.boundPort())) {
				// The greetings, then the server's READY: a peer here may have completed its side and written a request.
				first.write(RawZmtpPeer.greeting("NULL"));
				assertThat(first.input().readNBytes(64)).hasSize(64);
				assertThat(first.input().read()).as("the flags of the server's READY").isEqualTo(0x04);
				try (RawZmtpPeer second = RawZmtpPeer.connect(server.boundPort())) {
					second.write(RawZmtpPeer.greeting("NULL"));
					SocketEvent expired = event("ready-sent", SocketEventType.HANDSHAKE_FAILED, first);
					assertThat(expired.reason()).isEqualTo(SocketEventReason.HANDSHAKE_TIMEOUT);
					SocketEvent admitted = event("ready-sent", SocketEventType.ACCEPTED, second);
					List<SocketEvent> order = List.copyOf(FailureReasonTests.this.events);
					assertThat(order.indexOf(admitted)).as("the newcomer started after the first expired")
						.isGreaterThan(order.indexOf(expired));
				}
			}
		}

		@Test
		void aNewcomerThatSentNothingIsRefusedAsLimitExceededWhileAStalledHandshakeHoldsTheSlot() throws Exception {
			try (ZmqSocket server = server(ZmqSocketSpec.builder("held", SocketType.PULL)
				.bind("tcp://127.0.0.1:*")
				.maxPendingHandshakes(1));
					RawZmtpPeer first = RawZmtpPeer.connect(server.boundPort())) {
				event("held", SocketEventType.ACCEPTED, first);
				try (RawZmtpPeer second = RawZmtpPeer.connect(server.boundPort())) {
					SocketEvent refused = event("held", SocketEventType.HANDSHAKE_FAILED, second);
					assertThat(refused.reason()).isEqualTo(SocketEventReason.LIMIT_EXCEEDED);
					assertThat(second.closedByServerWithin(WAIT)).isTrue();
					assertThat(event("held", SocketEventType.DISCONNECTED, second).reason())
						.isEqualTo(SocketEventReason.LIMIT_EXCEEDED);
					assertThat(FailureReasonTests.this.events).noneMatch((event) -> event.type() == SocketEventType.HANDSHAKE_FAILED
							&& event.endpoint().equals("tcp://127.0.0.1:" + first.localPort()));
				}
			}
		}

	}

	@Nested
	class AfterTheHandshake {

		@Test
		void aFrameLargerThanTheLimitIsAnOversizedEngineFault() throws Exception {
			try (ZmqSocket server = server(ZmqSocketSpec.builder("oversized", SocketType.PULL)
				.bind("tcp://127.0.0.1:*")
				.maxMessageSize(1024));
					RawZmtpPeer peer = RawZmtpPeer.handshake(server.boundPort(), "PUSH")) {
				peer.write(RawZmtpPeer.longFrameHeader(1 << 20));
				SocketEvent fault = event("oversized", SocketEventType.ENGINE_FAULT, peer);
				assertThat(fault.reason()).isEqualTo(SocketEventReason.OVERSIZED);
				assertThat(event("oversized", SocketEventType.DISCONNECTED, peer).reason())
					.isEqualTo(SocketEventReason.OVERSIZED);
			}
		}

		@Test
		void aSubscriberBeyondItsSubscriptionBudgetIsALimitExceededEngineFault() throws Exception {
			try (ZmqSocket server = FailureReasonTests.this.engine.open(ZmqSocketSpec.builder("budget", SocketType.PUB)
				.bind("tcp://127.0.0.1:*")
				.maxSubscriptions(1)
				.build()); RawZmtpPeer peer = RawZmtpPeer.handshake(server.boundPort(), "SUB")) {
				// Two subscription messages (a 0x01 octet and the topic), one more than the budget.
				peer.write(new byte[] { 0x00, 2, 0x01, 'a', 0x00, 2, 0x01, 'b' });
				SocketEvent fault = event("budget", SocketEventType.ENGINE_FAULT, peer);
				assertThat(fault.reason()).isEqualTo(SocketEventReason.LIMIT_EXCEEDED);
			}
		}

		@Test
		void aNormalCloseHasNoReason() throws Exception {
			try (ZmqSocket server = server(ZmqSocketSpec.builder("normal", SocketType.PULL).bind("tcp://127.0.0.1:*"))) {
				RawZmtpPeer peer = RawZmtpPeer.handshake(server.boundPort(), "PUSH");
				int port = peer.localPort();
				assertThat(event("normal", SocketEventType.HANDSHAKE_SUCCEEDED, peer).reason())
					.isEqualTo(SocketEventReason.NONE);
				peer.close();
				assertThat(event("normal", SocketEventType.DISCONNECTED,
						(event) -> event.endpoint().equals("tcp://127.0.0.1:" + port)).reason())
					.isEqualTo(SocketEventReason.NONE);
			}
		}

	}

}
