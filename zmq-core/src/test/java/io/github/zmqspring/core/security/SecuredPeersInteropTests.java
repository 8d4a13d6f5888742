package io.github.zmqspring.core.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqAuthenticator;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqKeyGenerator;
import io.github.zmqspring.core.ZmqKeyPair;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;
import io.github.zmqspring.core.internal.zmtp.mechanism.MechanismOverSocket;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The "done when" of issue #11 against libzmq 4.3.4 through pyzmq (Debian's {@code python3-zmq}), with the engine's
 * default (own ZMTP) CURVE and PLAIN sockets and its authenticator: 255-octet routing ids and 1 KiB of handshake
 * metadata both ways, refused peers that reach nothing and cost exactly one failure event per connection attempt,
 * and certificates written by either side used by the other. Where the public API cannot express the case (user
 * metadata), our side is the engine's own CURVE client mechanism over a plain socket. Run with {@code -Pinterop}; the peers are
 * {@code src/test/python/secured_peer.py} and {@code curve_peer.py}.
 */
@Tag("interop")
class SecuredPeersInteropTests {

	private static final Path SCRIPT = Path.of("src/test/python/secured_peer.py");

	private static final Path CURVE_SCRIPT = Path.of("src/test/python/curve_peer.py");

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final int SOCKET_TIMEOUT_MS = 15_000;

	/** The connection attempts of every refusal case, each one connection from a libzmq socket that never reconnects. */
	private static final int ATTEMPTS = 3;

	/** libzmq's ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND. */
	private static final int LIBZMQ_UNEXPECTED_COMMAND = 0x10000001;

	/** libzmq's ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH. */
	private static final int LIBZMQ_MECHANISM_MISMATCH = 0x11000002;

	private static final Set<SocketEventType> FAILURES = Set.of(SocketEventType.AUTH_FAILED,
			SocketEventType.HANDSHAKE_FAILED, SocketEventType.ENGINE_FAULT);

	private static final String ID_255 = "r".repeat(255);

	private final ZmqKeyPair serverKeys = ZmqSecurity.generateKeyPair();

	private final ZmqKeyPair clientKeys = ZmqSecurity.generateKeyPair();

	private final ZmqKeyPair strangerKeys = ZmqSecurity.generateKeyPair();

	private final Queue<SocketEvent> events = new ConcurrentLinkedQueue<>();

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final List<ZmqEngine> engines = new ArrayList<>();

	@BeforeAll
	static void pyzmqWithCurveIsInstalled() throws Exception {
		PythonPeer.requirePyzmqWithCurve(WAIT);
	}

	@AfterEach
	void closeAll() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
		for (ZmqEngine engine : this.engines) {
			assertThat(CompletableFuture.runAsync(engine::close)).succeedsWithin(WAIT);
		}
	}

	/** An engine on the default (own) security implementation whose authenticator admits our client key and admin. */
	private ZmqEngine engine() {
		return engine(ZmqAuthenticator.builder().allowCurveKeys(this.clientKeys.publicKey()).plainUser("admin", "s3cret"));
	}

	private ZmqEngine engine(ZmqAuthenticator.Builder authenticator) {
		ZmqEngine engine = ZmqEngine.builder()
			.name("secured-peers-interop")
			.eventListener(this.events::add)
			.authenticator(authenticator.build())
			.build();
		this.engines.add(engine);
		return engine;
	}

	private PythonPeer peer(Path script, String... args) throws IOException {
		PythonPeer peer = PythonPeer.start(script, Map.of(), args);
		this.resources.add(peer);
		return peer;
	}

	/**
	 * A libzmq client of secured_peer.py: {@code attempts type endpoint routing-id-length metadata-octets mechanism...}.
	 */
	private PythonPeer libzmqClient(int attempts, String type, int port, int routingIdLength, int metadataOctets,
			String... mechanism) throws IOException {
		List<String> args = new ArrayList<>(List.of("client", Integer.toString(attempts), type, endpoint(port),
				Integer.toString(routingIdLength), Integer.toString(metadataOctets)));
		args.addAll(List.of(mechanism));
		return peer(SCRIPT, args.toArray(String[]::new));
	}

	private String[] curve(ZmqKeyPair client, String serverPublicKey) {
		return new String[] { "CURVE", serverPublicKey, client.publicKey(), client.secretKey() };
	}

	/** A libzmq CURVE ROUTER admitting our client key; returns it once it printed its port. */
	private PythonPeer libzmqRouter() throws IOException {
		return peer(SCRIPT, "router", "CURVE", this.serverKeys.publicKey(), this.serverKeys.secretKey(),
				this.clientKeys.publicKey());
	}

	/** A CURVE ROUTER of ours that records every message and answers [id, "pong:" + body]. */
	private ZmqSocket ourCurveRouter(ZmqEngine engine, String name, Queue<ZmqMessage> received) {
		ZmqSocket[] router = new ZmqSocket[1];
		router[0] = engine.open(ZmqSocketSpec.builder(name, SocketType.ROUTER)
			.bind("tcp://127.0.0.1:*")
			.security(ZmqSecurity.curveServer(this.serverKeys))
			.build(), (message) -> {
				received.add(message);
				router[0].send(ZmqMessage.of(message.frame(0), ("pong:" + message.frameAsString(1)).getBytes()));
			});
		return router[0];
	}

	/** A REP server of ours that records every request's body and answers "pong:" + body. */
	private ZmqServer ourServer(ZmqEngine engine, String name, ZmqSecurity security, Queue<ZmqMessage> received) {
		return engine.server(ZmqSocketSpec.builder(name, SocketType.REP).bind("tcp://127.0.0.1:*").security(security).build(),
				(request) -> {
					received.add(request.body());
					return ZmqMessage.of("pong:" + request.body().frameAsString(request.body().size() - 1));
				});
	}

	/** The engine's own CURVE client mechanism, connected to a port and through its handshake. */
	private MechanismOverSocket ourCurveClientMechanism(int port, ZmtpMetadata metadata) throws IOException {
		MechanismOverSocket connection = new MechanismOverSocket(new Socket(InetAddress.getLoopbackAddress(), port),
				ZmtpMechanism.curveClient(metadata, this.clientKeys, this.serverKeys.publicKey(),
						ZmtpMechanism.DEFAULT_MAX_METADATA_SIZE),
				SOCKET_TIMEOUT_MS);
		this.resources.add(connection);
		assertThat(connection.handshake((request) -> fail("a client is never asked about ZAP")))
			.isEqualTo(ZmtpMechanism.State.COMPLETE);
		return connection;
	}

	private static ZmtpMetadata dealerMetadata(String identity) {
		return new ZmtpMetadata().put(ZmtpMetadata.SOCKET_TYPE, "DEALER").put(ZmtpMetadata.IDENTITY, identity);
	}

	private static String endpoint(int port) {
		return "tcp://127.0.0.1:" + port;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static String hex(String text) {
		return HexFormat.of().formatHex(bytes(text));
	}

	private static List<String> strings(List<byte[]> frames) {
		return frames.stream().map((frame) -> new String(frame, StandardCharsets.US_ASCII)).toList();
	}

	private List<SocketEvent> eventsOf(String socket, Set<SocketEventType> types) {
		return this.events.stream().filter((event) -> event.socketName().equals(socket) && types.contains(event.type()))
			.toList();
	}

	@Nested
	class RoutingIds {

		@Test
		void aLibzmqCurveDealerWithA255OctetRoutingIdIsSeenUnderThatIdentityByOurCurveRouter() throws Exception {
			Queue<ZmqMessage> received = new ConcurrentLinkedQueue<>();
			ZmqSocket router = ourCurveRouter(engine(), "curve-router-255", received);

			PythonPeer client = libzmqClient(1, "DEALER", router.boundPort(), 255, 0,
					curve(SecuredPeersInteropTests.this.clientKeys, SecuredPeersInteropTests.this.serverKeys.publicKey()));

			assertThat(client.line(WAIT)).isEqualTo("GOT pong:hello");
			assertThat(client.line(WAIT)).isEqualTo("CONNECTIONS 1");
			assertThat(received).singleElement().satisfies((message) -> {
				assertThat(message.frame(0)).isEqualTo(bytes(ID_255));
				assertThat(message.frameAsString(1)).isEqualTo("hello");
			});
		}

		@Test
		void aLibzmqCurveReqWithA255OctetRoutingIdIsAnsweredByOurCurveRep() throws Exception {
			Queue<ZmqMessage> received = new ConcurrentLinkedQueue<>();
			ZmqServer server = ourServer(engine(), "curve-rep-255",
					ZmqSecurity.curveServer(SecuredPeersInteropTests.this.serverKeys), received);

			PythonPeer client = libzmqClient(1, "REQ", server.boundPort(), 255, 0,
					curve(SecuredPeersInteropTests.this.clientKeys, SecuredPeersInteropTests.this.serverKeys.publicKey()));

			assertThat(client.line(WAIT)).isEqualTo("GOT pong:hello");
			assertThat(received).singleElement().satisfies((request) -> assertThat(request.frameAsString(0)).isEqualTo("hello"));
		}

		@Test
		void ourCurveClientMechanismWithA255OctetRoutingIdIsSeenUnderThatIdentityByALibzmqCurveRouter() throws Exception {
			PythonPeer router = libzmqRouter();

			// The mechanism alone, over a plain socket: the INITIATE exactly as the engine's CURVE client builds it.
			MechanismOverSocket connection = ourCurveClientMechanism(router.port(WAIT), dealerMetadata(ID_255));
			connection.sendMessage(bytes("hello"));

			assertThat(strings(connection.receiveMessage())).containsExactly("pong:hello");
			assertThat(router.line(WAIT)).isEqualTo("FROM 255 " + hex(ID_255) + " SOCKET-TYPE DEALER X-BIG -1");
			assertThat(router.exit(WAIT)).isZero();
		}

		@Test
		void ourEngineCurveDealerWithA255OctetRoutingIdIsSeenByALibzmqCurveRouter() throws Exception {
			PythonPeer router = libzmqRouter();
			int port = router.port(WAIT);
			Queue<ZmqMessage> replies = new ConcurrentLinkedQueue<>();
			String id = "r".repeat(255);
			ZmqSocket dealer = engine().open(ZmqSocketSpec.builder("curve-dealer-longest-id", SocketType.DEALER)
				.connect(endpoint(port))
				.routingId(id)
				.security(ZmqSecurity.curveClient(SecuredPeersInteropTests.this.clientKeys,
						SecuredPeersInteropTests.this.serverKeys.publicKey()))
				.build(), replies::add);

			dealer.send(ZmqMessage.of("hello"));

			assertThat(router.line(WAIT)).isEqualTo("FROM " + id.length() + " " + hex(id) + " SOCKET-TYPE DEALER X-BIG -1");
			await().atMost(WAIT).until(() -> !replies.isEmpty());
			assertThat(replies).singleElement().satisfies((reply) -> assertThat(reply.frameAsString(0)).isEqualTo("pong:hello"));
		}

	}

	@Nested
	class Metadata {

		@Test
		void aLibzmqCurveClientWhoseHandshakeCarries1KiBOfMetadataIsAnsweredByOurCurveRep() throws Exception {
			Queue<ZmqMessage> received = new ConcurrentLinkedQueue<>();
			ZmqServer server = ourServer(engine(), "curve-rep-metadata",
					ZmqSecurity.curveServer(SecuredPeersInteropTests.this.serverKeys), received);

			// ZMQ_METADATA (X-Big: 1,024 octets) goes into libzmq's CURVE INITIATE.
			PythonPeer client = libzmqClient(1, "REQ", server.boundPort(), 0, 1024,
					curve(SecuredPeersInteropTests.this.clientKeys, SecuredPeersInteropTests.this.serverKeys.publicKey()));

			assertThat(client.line(WAIT)).isEqualTo("GOT pong:hello");
			assertThat(received).hasSize(1);
			assertThat(server.stats().handshakeFailures()).isZero();
		}

		@Test
		void aLibzmqCurveDealerWithA255OctetIdAnd1KiBOfMetadataIsSeenByOurCurveRouter() throws Exception {
			Queue<ZmqMessage> received = new ConcurrentLinkedQueue<>();
			ZmqSocket router = ourCurveRouter(engine(), "curve-router-metadata", received);

			PythonPeer client = libzmqClient(1, "DEALER", router.boundPort(), 255, 1024,
					curve(SecuredPeersInteropTests.this.clientKeys, SecuredPeersInteropTests.this.serverKeys.publicKey()));

			assertThat(client.line(WAIT)).isEqualTo("GOT pong:hello");
			assertThat(received).singleElement().satisfies((message) -> assertThat(message.frame(0)).isEqualTo(bytes(ID_255)));
		}

		@Test
		void aLibzmqPlainClientWhoseHandshakeCarries1KiBOfMetadataIsAnsweredByOurPlainRep() throws Exception {
			Queue<ZmqMessage> received = new ConcurrentLinkedQueue<>();
			ZmqServer server = ourServer(engine(), "plain-rep-metadata", ZmqSecurity.plainServer(), received);

			PythonPeer client = libzmqClient(1, "REQ", server.boundPort(), 0, 1024, "PLAIN", "admin", "s3cret");

			assertThat(client.line(WAIT)).isEqualTo("GOT pong:hello");
			assertThat(received).hasSize(1);
		}

		@Test
		void ourCurveClientMechanismsInitiateWith1KiBOfMetadataIsReadByALibzmqCurveRouter() throws Exception {
			PythonPeer router = libzmqRouter();
			ZmtpMetadata metadata = dealerMetadata("").put("X-Big", "m".repeat(1024));
			assertThat(metadata.encode().length).isGreaterThan(1024);

			MechanismOverSocket connection = ourCurveClientMechanism(router.port(WAIT), metadata);
			connection.sendMessage(bytes("hello"));

			assertThat(strings(connection.receiveMessage())).containsExactly("pong:hello");
			// libzmq's zmq_msg_gets on the message: the whole property arrived in the INITIATE box.
			assertThat(router.line(WAIT)).matches("FROM 5 00[0-9a-f]{8} SOCKET-TYPE DEALER X-BIG 1024");
			assertThat(router.exit(WAIT)).isZero();
		}

		@Test
		void ourCurveRouterServesAnInitiateWith1KiBOfMetadataFromOurCurveClientMechanism() throws Exception {
			Queue<ZmqMessage> received = new ConcurrentLinkedQueue<>();
			ZmqSocket router = ourCurveRouter(engine(), "curve-router-initiate", received);
			ZmtpMetadata metadata = dealerMetadata(ID_255).put("X-Big", "m".repeat(1024)).put("X-Other", "o".repeat(512));
			assertThat(metadata.encode().length).isGreaterThan(1024 + 512 + 255);

			MechanismOverSocket connection = ourCurveClientMechanism(router.boundPort(), metadata);
			connection.sendMessage(bytes("hello"));

			assertThat(strings(connection.receiveMessage())).containsExactly("pong:hello");
			assertThat(received).singleElement().satisfies((message) -> assertThat(message.frame(0)).isEqualTo(bytes(ID_255)));
			assertThat(eventsOf("curve-router-initiate", Set.of(SocketEventType.HANDSHAKE_SUCCEEDED))).hasSize(1);
		}

	}

	/**
	 * Refused libzmq clients. Each case makes {@value #ATTEMPTS} connection attempts, one after the other, each from a
	 * fresh libzmq socket with {@code reconnect_ivl} -1 (libzmq's own count of CONNECTED events confirms one TCP
	 * connection per attempt), and each attempt queues a message (unless the refusal came first) that must never reach
	 * our application.
	 */
	@Nested
	class Refusals {

		/**
		 * Every attempt ended as libzmq expects, our server socket reported exactly one failure per attempt, of the
		 * expected type and naming the peer, no handshake succeeded and nothing was delivered.
		 */
		private void assertOneFailurePerAttempt(String server, Queue<ZmqMessage> received, PythonPeer client,
				SocketEventType expected, Consumer<String> libzmqSaw) throws Exception {
			for (int i = 0; i < ATTEMPTS; i++) {
				String line = client.line(WAIT);
				assertThat(line).as("attempt %d; output:%n%s", i + 1, client.output())
					.startsWith("REFUSED ")
					.endsWith(" DISCONNECTED");
				libzmqSaw.accept(line);
			}
			assertThat(client.line(WAIT)).isEqualTo("CONNECTIONS " + ATTEMPTS);
			assertThat(client.exit(WAIT)).isZero();
			// The peer is gone: every event it caused comes now or never. A second event per attempt would show up
			// within the window below.
			await("a failure event per attempt on " + server).atMost(WAIT)
				.until(() -> eventsOf(server, FAILURES).size() >= ATTEMPTS);
			await("exactly one failure event per attempt on " + server + ": " + eventsOf(server, FAILURES))
				.during(Duration.ofMillis(500))
				.atMost(WAIT)
				.until(() -> eventsOf(server, FAILURES).size() == ATTEMPTS);
			List<SocketEvent> failures = eventsOf(server, FAILURES);
			assertThat(failures).extracting(SocketEvent::type).containsOnly(expected);
			if (expected == SocketEventType.AUTH_FAILED) {
				// A refusal names the peer's IP, as libzmq's ZAP does, with the status code.
				assertThat(failures).allSatisfy((event) -> {
					assertThat(event.endpoint()).isEqualTo("127.0.0.1");
					assertThat(event.value()).isEqualTo(400);
				});
			}
			else {
				// A protocol failure names the peer's address: one per attempt, each from its own port.
				assertThat(failures).extracting(SocketEvent::endpoint)
					.allMatch((address) -> address.startsWith("tcp://127.0.0.1:"))
					.doesNotHaveDuplicates();
			}
			assertThat(eventsOf(server, Set.of(SocketEventType.ACCEPTED))).hasSize(ATTEMPTS);
			assertThat(eventsOf(server, Set.of(SocketEventType.HANDSHAKE_SUCCEEDED))).isEmpty();
			assertThat(received).isEmpty();
		}

		@Test
		void aLibzmqClientWithTheWrongServerKeyIsDroppedWithOneHandshakeFailurePerAttempt() throws Exception {
			Queue<ZmqMessage> received = new ConcurrentLinkedQueue<>();
			ZmqSocket router = ourCurveRouter(engine(), "wrong-server-key", received);

			// The HELLO box is made for another server key: it cannot open, and we close without ERROR (as libzmq).
			PythonPeer client = libzmqClient(ATTEMPTS, "DEALER", router.boundPort(), 0, 0,
					curve(SecuredPeersInteropTests.this.clientKeys, SecuredPeersInteropTests.this.strangerKeys.publicKey()));

			assertOneFailurePerAttempt("wrong-server-key", received, client, SocketEventType.HANDSHAKE_FAILED,
					(line) -> assertThat(line).isEqualTo("REFUSED HANDSHAKE_FAILED_NO_DETAIL DISCONNECTED"));
			assertThat(router.stats().handshakeFailures()).isEqualTo(ATTEMPTS);
			assertThat(router.stats().authFailures()).isZero();
		}

		@Test
		void aLibzmqClientKeyOutsideOurAllowListIsRefusedWithOneAuthFailurePerAttempt() throws Exception {
			Queue<ZmqMessage> received = new ConcurrentLinkedQueue<>();
			ZmqSocket router = ourCurveRouter(engine(), "unknown-client-key", received);

			PythonPeer client = libzmqClient(ATTEMPTS, "DEALER", router.boundPort(), 0, 0,
					curve(SecuredPeersInteropTests.this.strangerKeys, SecuredPeersInteropTests.this.serverKeys.publicKey()));

			assertOneFailurePerAttempt("unknown-client-key", received, client, SocketEventType.AUTH_FAILED,
					(line) -> assertThat(line).isEqualTo("REFUSED HANDSHAKE_FAILED_AUTH:400 DISCONNECTED"));
			assertThat(router.stats().authFailures()).isEqualTo(ATTEMPTS);
		}

		@Test
		void aLibzmqPlainClientWithAWrongPasswordIsRefusedWithOneAuthFailurePerAttempt() throws Exception {
			Queue<ZmqMessage> received = new ConcurrentLinkedQueue<>();
			ZmqServer server = ourServer(engine(), "wrong-password", ZmqSecurity.plainServer(), received);

			PythonPeer client = libzmqClient(ATTEMPTS, "REQ", server.boundPort(), 0, 0, "PLAIN", "admin", "guess");

			// libzmq's PLAIN client reads RFC 24's ERROR as an unexpected command (it knows only its misspelt one).
			assertOneFailurePerAttempt("wrong-password", received, client, SocketEventType.AUTH_FAILED,
					(line) -> assertThat(line)
						.isEqualTo("REFUSED HANDSHAKE_FAILED_PROTOCOL:" + LIBZMQ_UNEXPECTED_COMMAND + " DISCONNECTED"));
			assertThat(server.stats().authFailures()).isEqualTo(ATTEMPTS);
		}

		@Test
		void aLibzmqNullClientToOurCurveServerIsDroppedWithOneHandshakeFailurePerAttempt() throws Exception {
			Queue<ZmqMessage> received = new ConcurrentLinkedQueue<>();
			ZmqSocket router = ourCurveRouter(engine(), "null-to-curve", received);

			PythonPeer client = libzmqClient(ATTEMPTS, "DEALER", router.boundPort(), 0, 0, "NULL");

			// Whoever reads the other's greeting first closes: libzmq names the mismatch, or sees us close first.
			assertOneFailurePerAttempt("null-to-curve", received, client, SocketEventType.HANDSHAKE_FAILED,
					(line) -> assertThat(line).isIn("REFUSED HANDSHAKE_FAILED_PROTOCOL:" + LIBZMQ_MECHANISM_MISMATCH
							+ " DISCONNECTED", "REFUSED HANDSHAKE_FAILED_NO_DETAIL DISCONNECTED"));
			assertThat(router.stats().handshakeFailures()).isEqualTo(ATTEMPTS);
		}

		@Test
		void aLibzmqClientFromADeniedAddressIsRefusedWithOneAuthFailurePerAttempt() throws Exception {
			Queue<ZmqMessage> received = new ConcurrentLinkedQueue<>();
			ZmqEngine engine = engine(ZmqAuthenticator.builder()
				.allowCurveKeys(SecuredPeersInteropTests.this.clientKeys.publicKey())
				.denyIps("127.0.0.1"));
			ZmqSocket router = ourCurveRouter(engine, "denied-address", received);

			// The key is allowed: the address alone refuses.
			PythonPeer client = libzmqClient(ATTEMPTS, "DEALER", router.boundPort(), 0, 0,
					curve(SecuredPeersInteropTests.this.clientKeys, SecuredPeersInteropTests.this.serverKeys.publicKey()));

			assertOneFailurePerAttempt("denied-address", received, client, SocketEventType.AUTH_FAILED,
					(line) -> assertThat(line).isEqualTo("REFUSED HANDSHAKE_FAILED_AUTH:400 DISCONNECTED"));
		}

		@Test
		void aLibzmqClientFromAnAddressOutsideTheAllowedOnesIsRefusedWithOneAuthFailurePerAttempt() throws Exception {
			Queue<ZmqMessage> received = new ConcurrentLinkedQueue<>();
			ZmqEngine engine = engine(ZmqAuthenticator.builder()
				.plainUser("admin", "s3cret")
				.allowIps("192.0.2.7"));
			ZmqServer server = ourServer(engine, "address-not-allowed", ZmqSecurity.plainServer(), received);

			// The password is right: the address alone refuses.
			PythonPeer client = libzmqClient(ATTEMPTS, "REQ", server.boundPort(), 0, 0, "PLAIN", "admin", "s3cret");

			assertOneFailurePerAttempt("address-not-allowed", received, client, SocketEventType.AUTH_FAILED,
					(line) -> assertThat(line)
						.isEqualTo("REFUSED HANDSHAKE_FAILED_PROTOCOL:" + LIBZMQ_UNEXPECTED_COMMAND + " DISCONNECTED"));
		}

		@Test
		void aLibzmqClientFromAnAllowedAddressIsServed() throws Exception {
			Queue<ZmqMessage> received = new ConcurrentLinkedQueue<>();
			ZmqEngine engine = engine(ZmqAuthenticator.builder()
				.allowCurveKeys(SecuredPeersInteropTests.this.clientKeys.publicKey())
				.allowIps("127.0.0.1")
				.denyIps("192.0.2.7"));
			ZmqSocket router = ourCurveRouter(engine, "allowed-address", received);

			PythonPeer client = libzmqClient(ATTEMPTS, "DEALER", router.boundPort(), 0, 0,
					curve(SecuredPeersInteropTests.this.clientKeys, SecuredPeersInteropTests.this.serverKeys.publicKey()));

			for (int i = 0; i < ATTEMPTS; i++) {
				assertThat(client.line(WAIT)).isEqualTo("GOT pong:hello");
			}
			assertThat(client.line(WAIT)).isEqualTo("CONNECTIONS " + ATTEMPTS);
			assertThat(received).hasSize(ATTEMPTS);
			assertThat(eventsOf("allowed-address", FAILURES)).isEmpty();
		}

	}

	/**
	 * Certificates across the two implementations, completing {@link CurveInteropTests}: there pyzmq's client
	 * certificate feeds our authenticator's directory and pyzmq's authenticator reads our public certificates; here
	 * our sockets take their own keys from pyzmq's certificates, and pyzmq reads ours back key for key.
	 */
	@Nested
	class Certificates {

		private void pyzmqCertificates(Path directory) throws Exception {
			PythonPeer certs = peer(SCRIPT, "certs", directory.toString());
			assertThat(certs.line(WAIT)).isEqualTo("OK");
			assertThat(certs.exit(WAIT)).isZero();
		}

		@Test
		void ourCurveServerTakesItsKeysFromAPyzmqCertificateThatPyzmqClientsTrust(@TempDir Path directory) throws Exception {
			pyzmqCertificates(directory);
			ZmqKeyPair serverKeys = ZmqKeyPair.readCertificate(directory.resolve("server.key_secret"));
			ZmqEngine engine = engine(ZmqAuthenticator.builder().allowCurveKeyDirectory(directory));
			Queue<ZmqMessage> received = new ConcurrentLinkedQueue<>();
			ZmqServer server = ourServer(engine, "pyzmq-certified-server", ZmqSecurity.curveServer(serverKeys), received);

			// pyzmq's client encrypts to the key in pyzmq's public server.key, which we never touched.
			String serverPublic = peerLoad(directory.resolve("server.key"))[0];
			PythonPeer client = peer(CURVE_SCRIPT, "client", endpoint(server.boundPort()), serverPublic,
					directory.resolve("client.key_secret").toString(), "hello");

			assertThat(client.line(WAIT)).isEqualTo("REPLY pong:hello");
			assertThat(client.exit(WAIT)).isZero();
			assertThat(received).hasSize(1);
		}

		@Test
		void ourCurveClientTakesItsKeysFromPyzmqCertificatesAndIsAdmittedByAPyzmqServer(@TempDir Path directory)
				throws Exception {
			pyzmqCertificates(directory);
			// pyzmq's server loads server.key_secret and admits the public certificates of the directory.
			PythonPeer server = peer(CURVE_SCRIPT, "server", directory.resolve("server.key_secret").toString(),
					directory.toString());
			int port = server.port(WAIT);
			ZmqRequester requester = engine().requester(ZmqSocketSpec.builder("pyzmq-certified-client", SocketType.REQ)
				.connect(endpoint(port))
				.security(ZmqSecurity.curveClient(ZmqKeyPair.readCertificate(directory.resolve("client.key_secret")),
						ZmqKeyPair.readPublicKey(directory.resolve("server.key"))))
				.build());

			assertThat(requester.request(ZmqMessage.of("hello"), WAIT).frameAsString(0)).isEqualTo("pong:hello");
			assertThat(server.line(WAIT)).isEqualTo("SERVED hello");
		}

		@Test
		void pyzmqReadsOurCertificatesKeyForKey(@TempDir Path directory) throws Exception {
			ZmqKeyGenerator.writeCertificates(SecuredPeersInteropTests.this.serverKeys, directory.resolve("ours"));

			assertThat(peerLoad(directory.resolve("ours.key")))
				.containsExactly(SecuredPeersInteropTests.this.serverKeys.publicKey(), "-");
			assertThat(peerLoad(directory.resolve("ours.key_secret"))).containsExactly(
					SecuredPeersInteropTests.this.serverKeys.publicKey(), SecuredPeersInteropTests.this.serverKeys.secretKey());
		}

		/** @return the public and secret key ("-" for none) as pyzmq's load_certificate reads the file */
		private String[] peerLoad(Path certificate) throws Exception {
			PythonPeer load = peer(SCRIPT, "load", certificate.toString());
			String line = load.line(WAIT);
			assertThat(load.exit(WAIT)).isZero();
			assertThat(line).startsWith("KEYS ");
			String[] keys = line.substring("KEYS ".length()).split(" ");
			assertThat(keys).hasSize(2);
			return keys;
		}

	}

}
