package io.github.zmqspring.core.security;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.github.zmqspring.core.InvalidSocketSpecException;
import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqAuthenticator;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqKeyGenerator;
import io.github.zmqspring.core.ZmqKeyPair;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * CURVE and PLAIN between the engine's own sockets: keys, passwords, addresses, the authenticator's files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	/** How long a refused client is watched to make sure nothing gets through. */
	private static final Duration NOTHING_DELIVERED = Duration.ofMillis(700);

	private final ZmqKeyPair serverKeys = ZmqSecurity.generateKeyPair();

	private final ZmqKeyPair clientKeys = ZmqSecurity.generateKeyPair();

	private final ZmqKeyPair strangerKeys = ZmqSecurity.generateKeyPair();

	private final Queue<SocketEvent> events = new ConcurrentLinkedQueue<>();

	private final ZmqEngine engine = ZmqEngine.builder()
		.name("secured")
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

	/** A PULL server collecting what it receives. */
	private record Server(ZmqSocket socket, Queue<String> received) implements AutoCloseable {

		String endpoint() {
			return "tcp://127.0.0.1:" + this.socket.boundPort();
		}

		@Override
		public void close() {
			this.socket.close();
		}

	}

	private Server pullServer(ZmqEngine engine, String name, ZmqSecurity security) {
		Queue<String> received = new ConcurrentLinkedQueue<>();
		ZmqSocket socket = engine.open(
				ZmqSocketSpec.builder(name, SocketType.PULL).bind("tcp://127.0.0.1:*").security(security).build(),
				(message) -> received.add(message.frameAsString(0)));
		return new Server(socket, received);
	}

	private ZmqSocket pushClient(ZmqEngine engine, String name, Server server, ZmqSecurity security) {
		return engine.open(ZmqSocketSpec.builder(name, SocketType.PUSH)
			.connect(server.endpoint())
			.security(security)
			.linger(Duration.ZERO)
			.build());
	}

	private boolean hasEvent(String socket, SocketEventType type) {
		return this.events.stream().anyMatch((event) -> event.socketName().equals(socket) && event.type() == type);
	}

	private void assertNothingDelivered(Server server) {
		await().during(NOTHING_DELIVERED).atMost(NOTHING_DELIVERED.plusSeconds(2)).until(() -> server.received().isEmpty());
	}

	@Nested
	class Curve {

		@Test
		void anAllowedClientKeyDelivers() {
			try (Server server = pullServer(SecurityTests.this.engine, "curve-ok", ZmqSecurity.curveServer(SecurityTests.this.serverKeys));
					ZmqSocket client = pushClient(SecurityTests.this.engine, "curve-ok-client", server,
							ZmqSecurity.curveClient(SecurityTests.this.clientKeys, SecurityTests.this.serverKeys.publicKey()))) {
				client.send(ZmqMessage.of("secret payload"));
				await().atMost(WAIT).until(() -> server.received().contains("secret payload"));
			}
		}

		@Test
		void multipartMessagesOfMixedSizesArriveWholeAndInOrderAcrossOutputBufferBoundaries() {
			// Boxes are sealed straight into the 64 KiB output buffer while they fit and queued behind when they do
			// not: frames of 0 octets to 100 KiB, 1 to 3 per message, land on every side of the buffer's end.
			int[] sizes = { 0, 1, 100, 1000, 20_000, 64 * 1024 - 60, 100 * 1024, 7 };
			int count = 600;
			Queue<ZmqMessage> received = new ConcurrentLinkedQueue<>();
			try (ZmqSocket pull = SecurityTests.this.engine.open(ZmqSocketSpec.builder("curve-mixed", SocketType.PULL)
				.bind("tcp://127.0.0.1:*")
				.security(ZmqSecurity.curveServer(SecurityTests.this.serverKeys))
				.build(), received::add);
					ZmqSocket push = SecurityTests.this.engine.open(ZmqSocketSpec.builder("curve-mixed-client", SocketType.PUSH)
						.connect("tcp://127.0.0.1:" + pull.boundPort())
						.security(ZmqSecurity.curveClient(SecurityTests.this.clientKeys, SecurityTests.this.serverKeys.publicKey()))
						.linger(Duration.ZERO)
						.build())) {
				for (int i = 0; i < count; i++) {
					push.send(mixed(i, sizes), WAIT);
				}
				await().atMost(WAIT.multipliedBy(4)).until(() -> received.size() == count);
				int i = 0;
				for (ZmqMessage message : received) {
					ZmqMessage expected = mixed(i, sizes);
					assertThat(message.size()).as("message %d", i).isEqualTo(expected.size());
					for (int f = 0; f < expected.size(); f++) {
						assertThat(message.frame(f)).as("message %d, frame %d", i, f).isEqualTo(expected.frame(f));
					}
					i++;
				}
			}
		}

		private static ZmqMessage mixed(int index, int[] sizes) {
			byte[][] frames = new byte[1 + index % 3][];
			for (int f = 0; f < frames.length; f++) {
				byte[] frame = new byte[sizes[(index * 5 + f * 3) % sizes.length]];
				Arrays.fill(frame, (byte) (index + f));
				if (frame.length >= 4) {
					frame[0] = (byte) (index >>> 8);
					frame[1] = (byte) index;
					frame[2] = (byte) f;
				}
				frames[f] = frame;
			}
			return ZmqMessage.of(frames);
		}

		@Test
		void anUnknownClientKeyDeliversNothingAndIsReportedAsAnAuthFailure() {
			try (Server server = pullServer(SecurityTests.this.engine, "curve-unknown", ZmqSecurity.curveServer(SecurityTests.this.serverKeys));
					ZmqSocket client = pushClient(SecurityTests.this.engine, "curve-unknown-client", server,
							ZmqSecurity.curveClient(SecurityTests.this.strangerKeys, SecurityTests.this.serverKeys.publicKey()))) {
				client.send(ZmqMessage.of("should not arrive"));
				await().atMost(WAIT).until(() -> server.socket().stats().authFailures() > 0);
				// The server's event names the peer's address; the client learns of the refusal too.
				assertThat(SecurityTests.this.events).anyMatch((event) -> event.socketName().equals("curve-unknown")
						&& event.type() == SocketEventType.AUTH_FAILED && event.endpoint().equals("127.0.0.1"));
				await().atMost(WAIT).until(() -> hasEvent("curve-unknown-client", SocketEventType.AUTH_FAILED));
				assertNothingDelivered(server);
			}
		}

		@Test
		void aWrongServerKeyDeliversNothingAndIsReportedAsAHandshakeFailure() {
			try (Server server = pullServer(SecurityTests.this.engine, "curve-wrong-server", ZmqSecurity.curveServer(SecurityTests.this.serverKeys));
					ZmqSocket client = pushClient(SecurityTests.this.engine, "curve-wrong-server-client", server,
							ZmqSecurity.curveClient(SecurityTests.this.clientKeys, SecurityTests.this.strangerKeys.publicKey()))) {
				client.send(ZmqMessage.of("should not arrive"));
				await().atMost(WAIT).until(() -> server.socket().stats().handshakeFailures() > 0);
				assertNothingDelivered(server);
			}
		}

		/**
		 * JeroMQ 0.6.0 reports a mechanism mismatch with no handshake event at all, only DISCONNECTED on both sides:
		 * the engine turns a connection closed before its handshake into HANDSHAKE_FAILED.
		 */
		@Test
		void aNullClientDeliversNothingToACurveServer() {
			try (Server server = pullServer(SecurityTests.this.engine, "curve-null", ZmqSecurity.curveServer(SecurityTests.this.serverKeys));
					ZmqSocket client = SecurityTests.this.engine.open(ZmqSocketSpec.builder("null-client", SocketType.PUSH)
						.connect(server.endpoint())
						.linger(Duration.ZERO)
						.build())) {
				client.send(ZmqMessage.of("should not arrive"));
				await().atMost(WAIT).until(() -> hasEvent("curve-null", SocketEventType.HANDSHAKE_FAILED)
						&& hasEvent("null-client", SocketEventType.HANDSHAKE_FAILED));
				assertThat(server.socket().stats().handshakeFailures()).isPositive();
				assertNothingDelivered(server);
			}
		}

		@Test
		void aZmtp2DowngradeWithASneakyFrameIsRefusedByACurveServer() throws Exception {
			try (Server server = pullServer(SecurityTests.this.engine, "curve-downgrade", ZmqSecurity.curveServer(SecurityTests.this.serverKeys))) {
				int port = server.socket().boundPort();
				// ZMTP 2.0: signature, revision 1, socket type PUSH (8), then an empty identity and a message frame.
				try (RawZmtpPeer v2 = RawZmtpPeer.connect(port)) {
					v2.write(new byte[] { (byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 1, 8, 0, 0, 0, 7 });
					v2.write("sneaky!".getBytes(StandardCharsets.US_ASCII));
					assertThat(v2.closedByServerWithin(WAIT)).isTrue();
				}
				// ZMTP 1.0: no signature, an identity frame then a message frame.
				try (RawZmtpPeer v1 = RawZmtpPeer.connect(port)) {
					v1.write(new byte[] { 1, 0, 8, 0, 's', 'n', 'e', 'a', 'k', 'y', '!' });
					assertThat(v1.closedByServerWithin(WAIT)).isTrue();
				}
				await().atMost(WAIT).until(() -> server.socket().stats().handshakeFailures() >= 2);
				assertNothingDelivered(server);
				try (ZmqSocket client = pushClient(SecurityTests.this.engine, "curve-after-downgrade", server,
						ZmqSecurity.curveClient(SecurityTests.this.clientKeys, SecurityTests.this.serverKeys.publicKey()))) {
					client.send(ZmqMessage.of("legit"));
					await().atMost(WAIT).until(() -> server.received().contains("legit"));
				}
				assertThat(server.received()).containsExactly("legit");
			}
		}

		@Test
		void theLongestRoutingIdWorksOverCurveAndOneByteMoreIsRefusedAtConfigurationTime() {
			byte[] longest = new byte[255];
			Arrays.fill(longest, (byte) 'r');
			Queue<ZmqMessage> received = new ConcurrentLinkedQueue<>();
			try (ZmqSocket router = SecurityTests.this.engine.open(ZmqSocketSpec.builder("curve-router", SocketType.ROUTER)
				.bind("tcp://127.0.0.1:*")
				.security(ZmqSecurity.curveServer(SecurityTests.this.serverKeys))
				.build(), received::add);
					ZmqSocket dealer = SecurityTests.this.engine.open(ZmqSocketSpec.builder("curve-dealer", SocketType.DEALER)
						.connect("tcp://127.0.0.1:" + router.boundPort())
						.routingId(longest)
						.security(ZmqSecurity.curveClient(SecurityTests.this.clientKeys, SecurityTests.this.serverKeys.publicKey()))
						.build())) {
				dealer.send(ZmqMessage.of("hi"));
				await().atMost(WAIT).until(() -> !received.isEmpty());
				assertThat(received.peek().frame(0)).isEqualTo(longest);
			}
			byte[] tooLong = new byte[256];
			Arrays.fill(tooLong, (byte) 'r');
			assertThatExceptionOfType(InvalidSocketSpecException.class)
				.isThrownBy(() -> ZmqSocketSpec.builder("too-long", SocketType.DEALER)
					.connect("tcp://127.0.0.1:5555")
					.routingId(tooLong)
					.security(ZmqSecurity.curveClient(SecurityTests.this.clientKeys, SecurityTests.this.serverKeys.publicKey()))
					.build())
				.satisfies((ex) -> assertThat(ex.getField()).isEqualTo("routingId"))
				.withMessageContaining("socket 'too-long'")
				.withMessageContaining("must be 1 to 255 bytes long");
		}

	}

	@Nested
	class Plain {

		@Test
		void theRightPasswordDelivers() {
			try (Server server = pullServer(SecurityTests.this.engine, "plain-ok", ZmqSecurity.plainServer());
					ZmqSocket client = pushClient(SecurityTests.this.engine, "plain-ok-client", server,
							ZmqSecurity.plainClient("admin", "s3cret"))) {
				client.send(ZmqMessage.of("hello"));
				await().atMost(WAIT).until(() -> server.received().contains("hello"));
			}
		}

		@Test
		void aWrongPasswordDeliversNothingAndIsReportedAsAnAuthFailure() {
			try (Server server = pullServer(SecurityTests.this.engine, "plain-wrong", ZmqSecurity.plainServer());
					ZmqSocket client = pushClient(SecurityTests.this.engine, "plain-wrong-client", server,
							ZmqSecurity.plainClient("admin", "guess"))) {
				client.send(ZmqMessage.of("should not arrive"));
				await().atMost(WAIT).until(() -> server.socket().stats().authFailures() > 0);
				assertThat(SecurityTests.this.events).anyMatch((event) -> event.socketName().equals("plain-wrong")
						&& event.type() == SocketEventType.AUTH_FAILED && event.endpoint().equals("127.0.0.1"));
				assertNothingDelivered(server);
			}
		}

	}

	@Nested
	class Addresses {

		@Test
		void aDeniedAddressDeliversNothingAndIsReportedAsAnAuthFailure() {
			Queue<SocketEvent> denied = new ConcurrentLinkedQueue<>();
			try (ZmqEngine strict = ZmqEngine.builder()
				.name("strict")
				.eventListener(denied::add)
				.authenticator(ZmqAuthenticator.builder().allowAnyCurveKey().denyIps("127.0.0.1").build())
				.build()) {
				Server server = pullServer(strict, "denied", ZmqSecurity.curveServer(SecurityTests.this.serverKeys));
				pushClient(strict, "denied-client", server,
						ZmqSecurity.curveClient(SecurityTests.this.clientKeys, SecurityTests.this.serverKeys.publicKey()))
					.send(ZmqMessage.of("should not arrive"));
				await().atMost(WAIT).until(() -> server.socket().stats().authFailures() > 0);
				assertThat(denied).anyMatch((event) -> event.type() == SocketEventType.AUTH_FAILED
						&& event.socketName().equals("denied") && event.endpoint().equals("127.0.0.1"));
				assertNothingDelivered(server);
			}
		}

		@Test
		void anAllowListAdmitsItsAddresses() {
			try (ZmqEngine allowing = ZmqEngine.builder()
				.name("allowing")
				.authenticator(ZmqAuthenticator.builder().plainUser("u", "p").allowIps("127.0.0.1").build())
				.build()) {
				Server server = pullServer(allowing, "allowed", ZmqSecurity.plainServer());
				pushClient(allowing, "allowed-client", server, ZmqSecurity.plainClient("u", "p")).send(ZmqMessage.of("in"));
				await().atMost(WAIT).until(() -> server.received().contains("in"));
			}
		}

	}

	@Nested
	class KeysAndFiles {

		@Test
		void generatedKeysAreZ85AndTheSecretNeverShowsInToString() {
			ZmqKeyPair keys = ZmqSecurity.generateKeyPair();
			assertThat(keys.publicKey()).hasSize(40);
			assertThat(keys.secretKey()).hasSize(40).isNotEqualTo(keys.publicKey());
			assertThat(keys.toString()).contains(keys.publicKey()).doesNotContain(keys.secretKey());
			assertThat(ZmqSecurity.curveServer(keys).toString()).doesNotContain(keys.secretKey());
			assertThat(ZmqSecurity.plainClient("user", "pa55word").toString()).doesNotContain("pa55word");
		}

		@Test
		void theKeyGeneratorPrintsAKeyPair() {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ZmqKeyPair keys = ZmqSecurity.generateKeyPair();
			ZmqKeyGenerator.print(keys, new PrintStream(out, true, StandardCharsets.UTF_8));
			assertThat(out.toString(StandardCharsets.UTF_8).lines())
				.containsExactly("public-key: " + keys.publicKey(), "secret-key: " + keys.secretKey());
		}

		@Test
		void aMalformedKeyFailsNamingTheFieldWithoutQuotingTheSecret() {
			String badSecret = "~".repeat(40);
			assertThatExceptionOfType(InvalidSocketSpecException.class)
				.isThrownBy(() -> ZmqSecurity.curveServer(SecurityTests.this.serverKeys.publicKey(), badSecret))
				.satisfies((ex) -> assertThat(ex.getField()).isEqualTo("secretKey"))
				.withMessageNotContaining("~");
			assertThatExceptionOfType(InvalidSocketSpecException.class)
				.isThrownBy(() -> ZmqSecurity.curveClient(SecurityTests.this.clientKeys, "short"))
				.satisfies((ex) -> assertThat(ex.getField()).isEqualTo("serverKey"));
			assertThatExceptionOfType(InvalidSocketSpecException.class)
				.isThrownBy(() -> ZmqAuthenticator.builder().allowCurveKeys("not a key"))
				.satisfies((ex) -> assertThat(ex.getField()).isEqualTo("allowCurveKeys"));
		}

		@Test
		void certificatesAndUserFilesAreRead(@TempDir Path directory) throws Exception {
			ZmqKeyPair first = ZmqSecurity.generateKeyPair();
			ZmqKeyPair second = ZmqSecurity.generateKeyPair();
			ZmqKeyGenerator.writeCertificates(first, directory.resolve("first"));
			// pyzmq's zmq.auth.create_certificates layout, written by hand.
			Files.writeString(directory.resolve("second.key"),
					"metadata\ncurve\n    public-key = \"" + second.publicKey() + "\"\n");
			Path users = directory.resolve("users.properties");
			Files.writeString(users, "alice=wonderland\nbob=builder\n");
			Files.createDirectory(directory.resolve("ignored-subdirectory"));
			ZmqAuthenticator authenticator = ZmqAuthenticator.builder()
				.allowCurveKeyDirectory(directory)
				.plainUsersFile(users)
				.plainUsers(Map.of("carol", "c"))
				.build();
			assertThat(authenticator.curveKeyCount()).isEqualTo(2);
			assertThat(authenticator.plainUserNames()).containsExactlyInAnyOrder("alice", "bob", "carol");
			assertThat(authenticator.toString()).doesNotContain("wonderland");
		}

		@Test
		void aCertificateWithABadKeyFailsNamingTheFile(@TempDir Path directory) throws Exception {
			Files.writeString(directory.resolve("broken.key"), "curve\n    public-key = \"tooshort\"\n");
			assertThatExceptionOfType(InvalidSocketSpecException.class)
				.isThrownBy(() -> ZmqAuthenticator.builder().allowCurveKeyDirectory(directory).build())
				.satisfies((ex) -> assertThat(ex.getField()).isEqualTo("allowCurveKeyDirectory"))
				.withMessageContaining("broken.key");
		}

		@Test
		void keyPairsAreReadBackFromCertificatesWithoutQuotingTheSecret(@TempDir Path directory) throws Exception {
			ZmqKeyPair pair = ZmqSecurity.generateKeyPair();
			ZmqKeyGenerator.writeCertificates(pair, directory.resolve("me"));
			assertThat(ZmqKeyPair.readCertificate(directory.resolve("me.key_secret"))).isEqualTo(pair);
			assertThat(ZmqKeyPair.readPublicKey(directory.resolve("me.key"))).isEqualTo(pair.publicKey());
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> ZmqKeyPair.readCertificate(directory.resolve("me.key")))
				.withMessageContaining("me.key")
				.withMessageContaining("no secret-key line");
			String badSecret = pair.secretKey().substring(0, 39) + "~";
			Files.writeString(directory.resolve("bad.key_secret"),
					"curve\n    public-key = \"" + pair.publicKey() + "\"\n    secret-key = \"" + badSecret + "\"\n");
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> ZmqKeyPair.readCertificate(directory.resolve("bad.key_secret")))
				.withMessageContaining("bad.key_secret")
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(badSecret.substring(0, 20)));
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> ZmqKeyPair.readPublicKey(directory.resolve("missing.key")))
				.withMessageContaining("missing.key' cannot be read");
		}

		@Test
		void aSecondAuthenticatorOnTheSameEngineIsRefused() {
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> SecurityTests.this.engine.startAuthenticator(ZmqAuthenticator.builder().build()))
				.withMessageContaining("already runs an authenticator");
			assertThat(List.copyOf(SecurityTests.this.engine.sockets())).anyMatch((socket) -> socket.name().equals("zmq-authenticator"));
		}

	}

}
