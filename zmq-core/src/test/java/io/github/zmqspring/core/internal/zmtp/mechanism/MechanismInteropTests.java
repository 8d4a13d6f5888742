package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.zmqspring.core.Z85;
import io.github.zmqspring.core.internal.zmtp.ZmtpCommand;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;
import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException;
import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException.Reason;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism.Frame;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Our PLAIN and CURVE mechanisms against real libzmq 4.3 peers (Debian's {@code python3-zmq}), both directions, over
 * plain sockets driven by the sans-I/O codec: pyzmq's ThreadAuthenticator as the ZAP handler of its servers, our test
 * as the ZAP handler of ours. Run with {@code -Pinterop}; the peer is {@code src/test/python/mechanism_peer.py}.
 */
@Tag("interop")
class MechanismInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final int SOCKET_TIMEOUT_MS = 5000;

	private static final int MAX = ZmtpMechanism.DEFAULT_MAX_METADATA_SIZE;

	private final List<AutoCloseable> resources = new ArrayList<>();

	@BeforeAll
	static void pyzmqWithCurveIsInstalled() throws Exception {
		Process check;
		try {
			check = new ProcessBuilder(PyzmqPeer.PYTHON, "-c",
					"import zmq, zmq.auth.thread; assert zmq.has('curve'); print(zmq.zmq_version())")
				.redirectErrorStream(true)
				.start();
		}
		catch (IOException ex) {
			fail(PyzmqPeer.PYTHON + " cannot be started (" + ex.getMessage() + "): apt-get install -y python3-zmq");
			return;
		}
		try {
			if (!check.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS) || check.exitValue() != 0) {
				fail("pyzmq with CURVE is missing (apt-get install -y python3-zmq): "
						+ new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
			}
		}
		finally {
			check.destroyForcibly();
		}
	}

	@AfterEach
	void closeAll() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	private <T extends AutoCloseable> T closeLater(T resource) {
		this.resources.add(resource);
		return resource;
	}

	private PyzmqPeer peer(String... args) throws IOException {
		return closeLater(PyzmqPeer.start(args));
	}

	private MechanismOverSocket connect(int port, ZmtpMechanism mechanism) throws IOException {
		return closeLater(new MechanismOverSocket(new Socket(InetAddress.getLoopbackAddress(), port), mechanism,
				SOCKET_TIMEOUT_MS));
	}

	private ServerSocket listen() throws IOException {
		ServerSocket server = closeLater(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
		server.setSoTimeout(SOCKET_TIMEOUT_MS);
		return server;
	}

	private MechanismOverSocket accept(ServerSocket server, ZmtpMechanism mechanism) throws IOException {
		return closeLater(new MechanismOverSocket(server.accept(), mechanism, SOCKET_TIMEOUT_MS));
	}

	private static String endpoint(ServerSocket server) {
		return "tcp://127.0.0.1:" + server.getLocalPort();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static List<String> strings(List<byte[]> frames) {
		return frames.stream().map((frame) -> new String(frame, StandardCharsets.UTF_8)).toList();
	}

	private static ZmtpMetadata metadata(String socketType) {
		return new ZmtpMetadata().put(ZmtpMetadata.SOCKET_TYPE, socketType);
	}

	/** Reads until a PING arrives (libzmq heartbeats every 100 ms here), answers it and returns it. */
	private static ZmtpCommand awaitPingAndPong(MechanismOverSocket connection) throws IOException {
		while (true) {
			Frame frame = connection.receive();
			if (frame.command()) {
				ZmtpCommand ping = ZmtpCommand.parse(frame.body());
				if (ping.is(ZmtpCommand.PING)) {
					connection.sendCommand(ZmtpCommand.pong(ZmtpCommand.pingContext(ping)));
					return ping;
				}
			}
		}
	}

	/** A REQ exchange with a pyzmq REP, a PING from libzmq in between, then "bye". */
	private static void requestPingBye(MechanismOverSocket connection, PyzmqPeer server) throws Exception {
		connection.sendMessage(new byte[0], bytes("hello"));
		assertThat(strings(connection.receiveMessage())).containsExactly("", "pong:hello");
		assertThat(awaitPingAndPong(connection).is(ZmtpCommand.PING)).isTrue();
		connection.sendMessage(new byte[0], bytes("bye"));
		assertThat(strings(connection.receiveMessage())).containsExactly("", "pong:bye");
		assertThat(server.line(WAIT)).isEqualTo("SERVED 2");
		assertThat(server.exit(WAIT)).isZero();
	}

	@Nested
	class Curve {

		private final byte[][] serverKeys = CurveCrypto.keyPair();

		private final byte[][] clientKeys = CurveCrypto.keyPair();

		private String z85(byte[] key) {
			return Z85.encode(key);
		}

		private ZmtpMechanism ourClient(String socketType) {
			return ZmtpMechanism.curveClient(metadata(socketType), this.clientKeys[0], this.clientKeys[1],
					this.serverKeys[0], MAX);
		}

		private ZmtpMechanism ourServer(String socketType) {
			return ZmtpMechanism.curveServer(metadata(socketType), this.serverKeys[0], this.serverKeys[1], "", "127.0.0.1",
					MAX);
		}

		private PyzmqPeer pyzmqClient(String socketType, ServerSocket server, int routingIdLength) throws IOException {
			return peer("client", "CURVE", socketType, endpoint(server), z85(this.serverKeys[0]), z85(this.clientKeys[0]),
					z85(this.clientKeys[1]), Integer.toString(routingIdLength));
		}

		@Test
		void ourClientTalksToALibzmqCurveServerAndAnswersItsPingsInsideBoxes() throws Exception {
			PyzmqPeer server = peer("server", "CURVE", "REP", z85(this.serverKeys[0]), z85(this.serverKeys[1]),
					z85(this.clientKeys[0]));
			MechanismOverSocket connection = connect(server.port(WAIT), ourClient("REQ"));

			assertThat(connection.handshake((request) -> fail("a client is never asked"))).isEqualTo(State.COMPLETE);

			assertThat(connection.peerGreeting.zmtp31()).isTrue();
			assertThat(connection.handshakeSizes.get(0)).isEqualTo(168);
			requestPingBye(connection, server);
			// libzmq 4.3 sends every MESSAGE as a data frame: MORE and COMMAND live inside the box.
			assertThat(connection.wireCommandFlags).isNotEmpty().containsOnly(false);
		}

		@Test
		void aLibzmqCurveServerRefusesAnUnknownKeyWithError400() throws Exception {
			byte[][] stranger = CurveCrypto.keyPair();
			PyzmqPeer server = peer("server", "CURVE", "REP", z85(this.serverKeys[0]), z85(this.serverKeys[1]),
					z85(stranger[0]));
			MechanismOverSocket connection = connect(server.port(WAIT), ourClient("REQ"));

			assertThatThrownBy(() -> connection.handshake((request) -> fail("a client is never asked")))
				.isInstanceOf(ZmtpProtocolException.class)
				.hasMessageContaining("ERROR '400'")
				.extracting((ex) -> ((ZmtpProtocolException) ex).reason())
				.isEqualTo(Reason.AUTHENTICATION_FAILED);
			assertThat(server.line(WAIT)).isEqualTo("HANDSHAKE_FAILED_AUTH 400");
		}

		@Test
		void aLibzmqSubscriberSubscribesInsideABoxAndReceivesFromOurPubSide() throws Exception {
			ServerSocket listener = listen();
			PyzmqPeer client = pyzmqClient("SUB", listener, 0);
			MechanismOverSocket connection = accept(listener, ourServer("PUB"));
			List<ZapRequest> asked = new ArrayList<>();

			assertThat(connection.handshake((request) -> {
				asked.add(request);
				return ZapReply.accept(request, "subscriber");
			})).isEqualTo(State.COMPLETE);

			assertThat(asked).singleElement().satisfies((request) -> {
				assertThat(request.mechanism()).isEqualTo("CURVE");
				assertThat(request.credentials()).singleElement().isEqualTo(this.clientKeys[0]);
			});
			Frame subscribe = connection.receive();
			assertThat(subscribe.command()).isTrue();
			ZmtpCommand command = ZmtpCommand.parse(subscribe.body());
			assertThat(command.is(ZmtpCommand.SUBSCRIBE)).isTrue();
			assertThat(command.data()).isEqualTo(bytes("weather"));
			connection.sendMessage(bytes("weather"), bytes("sunny"));
			assertThat(client.line(WAIT)).isEqualTo("GOT weather|sunny");
			assertThat(client.exit(WAIT)).isZero();
		}

		@Test
		void aLibzmqDealerWithA200OctetRoutingIdIsServedThroughItsLargeInitiate() throws Exception {
			ServerSocket listener = listen();
			PyzmqPeer client = pyzmqClient("DEALER", listener, 200);
			ZmtpMechanism mechanism = ourServer("ROUTER");
			MechanismOverSocket connection = accept(listener, mechanism);

			assertThat(connection.handshake((request) -> ZapReply.accept(request, ""))).isEqualTo(State.COMPLETE);

			// HELLO, then INITIATE: 257 octets plus metadata holding the 200-octet Identity (JeroMQ's 256 cannot).
			assertThat(connection.handshakeSizes).hasSize(2);
			assertThat(connection.handshakeSizes.get(0)).isEqualTo(200);
			assertThat(connection.handshakeSizes.get(1)).isGreaterThan(257 + 200);
			assertThat(mechanism.peerMetadata().get(ZmtpMetadata.IDENTITY)).hasSize(200).containsOnly('r');
			assertThat(mechanism.peerMetadata().getString(ZmtpMetadata.SOCKET_TYPE)).isEqualTo("DEALER");
			assertThat(strings(connection.receiveMessage())).containsExactly("hello");
			connection.sendMessage(bytes("pong"));
			assertThat(client.line(WAIT)).isEqualTo("GOT pong");
			assertThat(client.exit(WAIT)).isZero();
		}

		@Test
		void ourRefusalReachesLibzmqAsError400() throws Exception {
			ServerSocket listener = listen();
			PyzmqPeer client = pyzmqClient("SUB", listener, 0);
			MechanismOverSocket connection = accept(listener, ourServer("PUB"));

			assertThat(connection.handshake((request) -> ZapReply.refuse(request, "400", "unknown key")))
				.isEqualTo(State.REFUSED);
			connection.close();

			assertThat(client.line(WAIT)).isEqualTo("HANDSHAKE_FAILED_AUTH 400");
		}

	}

	/**
	 * PLAIN against libzmq. Its PLAIN server sends ERROR as {@code 5E 'RROR' 03 '400'} (a libzmq bug: the C literal
	 * {@code "\x05ERROR"}), which our client understands.
	 */
	@Nested
	class Plain {

		private PyzmqPeer pyzmqServer(String password) throws IOException {
			return peer("server", "PLAIN", "REP", "admin", password);
		}

		@Test
		void ourClientTalksToALibzmqPlainServerAndAnswersItsPings() throws Exception {
			PyzmqPeer server = pyzmqServer("secret");
			MechanismOverSocket connection = connect(server.port(WAIT),
					ZmtpMechanism.plainClient(metadata("REQ"), "admin", "secret", MAX));

			assertThat(connection.handshake((request) -> fail("a client is never asked"))).isEqualTo(State.COMPLETE);

			requestPingBye(connection, server);
		}

		@Test
		void aLibzmqPlainServerRefusesAWrongPasswordWithError400() throws Exception {
			PyzmqPeer server = pyzmqServer("secret");
			MechanismOverSocket connection = connect(server.port(WAIT),
					ZmtpMechanism.plainClient(metadata("REQ"), "admin", "guess", MAX));

			assertThatThrownBy(() -> connection.handshake((request) -> fail("a client is never asked")))
				.isInstanceOf(ZmtpProtocolException.class)
				.hasMessageContaining("PLAIN handshake refused by the peer: ERROR '400'");
			assertThat(server.line(WAIT)).isEqualTo("HANDSHAKE_FAILED_AUTH 400");
		}

		@Test
		void aLibzmqPlainDealerIsAuthenticatedByOurZapAndServed() throws Exception {
			ServerSocket listener = listen();
			PyzmqPeer client = peer("client", "PLAIN", "DEALER", endpoint(listener), "admin", "secret", "200");
			ZmtpMechanism mechanism = ZmtpMechanism.plainServer(metadata("ROUTER"), "", "127.0.0.1", MAX);
			MechanismOverSocket connection = accept(listener, mechanism);
			List<ZapRequest> asked = new ArrayList<>();

			assertThat(connection.handshake((request) -> {
				asked.add(request);
				return ZapReply.accept(request, request.credential(0));
			})).isEqualTo(State.COMPLETE);

			assertThat(asked).singleElement().satisfies((request) -> {
				assertThat(request.credential(0)).isEqualTo("admin");
				assertThat(request.credential(1)).isEqualTo("secret");
			});
			assertThat(mechanism.peerMetadata().get(ZmtpMetadata.IDENTITY)).hasSize(200);
			assertThat(strings(connection.receiveMessage())).containsExactly("hello");
			connection.sendMessage(bytes("pong"));
			assertThat(client.line(WAIT)).isEqualTo("GOT pong");
			assertThat(client.exit(WAIT)).isZero();
		}

		@Test
		void aLibzmqSubscriberSubscribesThroughPlain() throws Exception {
			ServerSocket listener = listen();
			PyzmqPeer client = peer("client", "PLAIN", "SUB", endpoint(listener), "admin", "secret", "0");
			MechanismOverSocket connection = accept(listener,
					ZmtpMechanism.plainServer(metadata("PUB"), "", "127.0.0.1", MAX));

			assertThat(connection.handshake((request) -> ZapReply.accept(request, ""))).isEqualTo(State.COMPLETE);

			Frame subscribe = connection.receive();
			assertThat(subscribe.command()).isTrue();
			assertThat(ZmtpCommand.parse(subscribe.body()).is(ZmtpCommand.SUBSCRIBE)).isTrue();
			connection.sendMessage(bytes("weather"), bytes("rain"));
			assertThat(client.line(WAIT)).isEqualTo("GOT weather|rain");
			assertThat(client.exit(WAIT)).isZero();
		}

		@Test
		void ourRefusalReachesLibzmqAsError400() throws Exception {
			ServerSocket listener = listen();
			PyzmqPeer client = peer("client", "PLAIN", "SUB", endpoint(listener), "admin", "guess", "0");
			MechanismOverSocket connection = accept(listener,
					ZmtpMechanism.plainServer(metadata("PUB"), "", "127.0.0.1", MAX));

			assertThat(connection.handshake((request) -> ZapReply.refuse(request, "400", "bad password")))
				.isEqualTo(State.REFUSED);
			connection.close();

			// We send RFC 24's ERROR; libzmq's PLAIN client only knows its own misspelt one (5E 'RROR': the C literal
			// "\x05ERROR"), so it fails the handshake as ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND instead of AUTH 400.
			assertThat(client.line(WAIT)).isEqualTo("HANDSHAKE_FAILED_PROTOCOL " + 0x10000001);
		}

	}

}
