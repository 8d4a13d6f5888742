package io.github.zmqspring.core.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqAuthenticator;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqKeyGenerator;
import io.github.zmqspring.core.ZmqKeyPair;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CURVE against real pyzmq/libzmq peers (Debian's {@code python3-zmq}), in both directions, with certificates written
 * by each side and read by the other, on the default security implementation ({@link ZmtpCurveInteropTests}: on the
 * own engine). Run with {@code -Pinterop}; the peer is {@code src/test/python/curve_peer.py}.
 */
@Tag("interop")
class CurveInteropTests {

	private static final String PYTHON = PythonPeer.PYTHON;

	private static final Path PEER = Path.of("src/test/python/curve_peer.py");

	private static final Duration WAIT = Duration.ofSeconds(15);

	private final ZmqKeyPair serverKeys = ZmqSecurity.generateKeyPair();

	private final List<PythonPeer> peers = new ArrayList<>();

	private ZmqEngine engine;

	@BeforeAll
	static void pyzmqIsInstalled() throws Exception {
		PythonPeer.requirePyzmqWithCurve(WAIT);
	}

	@AfterEach
	void cleanUp() {
		this.peers.forEach(PythonPeer::close);
		if (this.engine != null) {
			this.engine.close();
		}
	}

	@Test
	void ourCurveServerAnswersAPyzmqCurveClientWhoseCertificatePyzmqWrote(@TempDir Path directory) throws Exception {
		PythonPeer certs = start("certs", directory.toString());
		assertThat(certs.line(WAIT)).isEqualTo("OK");
		assertThat(certs.exit(WAIT)).isZero();
		this.engine = ZmqEngine.builder()
			.name("interop-server")
			.authenticator(ZmqAuthenticator.builder().allowCurveKeyDirectory(directory).build())
			.build();
		ZmqServer server = this.engine.server(ZmqSocketSpec.builder("curve-rep", SocketType.REP)
			.bind("tcp://127.0.0.1:*")
			.security(ZmqSecurity.curveServer(this.serverKeys))
			.build(), (request) -> ZmqMessage.of("pong:" + request.body().frameAsString(0)));

		PythonPeer client = start("client", "tcp://127.0.0.1:" + server.boundPort(), this.serverKeys.publicKey(),
				directory.resolve("client.key_secret").toString(), "hello from pyzmq");

		assertThat(client.line(WAIT)).isEqualTo("REPLY pong:hello from pyzmq");
		assertThat(client.exit(WAIT)).isZero();
		assertThat(server.stats().authFailures()).isZero();
		// the certificate pyzmq wrote is read back by us, too
		assertThat(ZmqKeyPair.readCertificate(directory.resolve("client.key_secret")).publicKey())
			.isEqualTo(ZmqKeyPair.readPublicKey(directory.resolve("client.key")));
	}

	@Test
	void ourCurveClientIsAnsweredByAPyzmqCurveServerReadingOurCertificates(@TempDir Path directory) throws Exception {
		ZmqKeyPair clientKeys = ZmqSecurity.generateKeyPair();
		ZmqKeyGenerator.writeCertificates(this.serverKeys, directory.resolve("server"));
		Files.createDirectories(directory.resolve("clients"));
		ZmqKeyGenerator.writeCertificates(clientKeys, directory.resolve("clients/client"));
		PythonPeer server = start("server", directory.resolve("server.key_secret").toString(),
				directory.resolve("clients").toString());
		String port = server.line(WAIT);
		assertThat(port).startsWith("PORT ");
		this.engine = ZmqEngine.builder().name("interop-client").build();
		ZmqRequester requester = this.engine.requester(ZmqSocketSpec.builder("curve-req", SocketType.REQ)
			.connect("tcp://127.0.0.1:" + port.substring("PORT ".length()))
			.security(ZmqSecurity.curveClient(clientKeys, this.serverKeys.publicKey()))
			.build());

		ZmqMessage reply = requester.request(ZmqMessage.of("hello from java"), Duration.ofSeconds(10));

		assertThat(reply.frameAsString(0)).isEqualTo("pong:hello from java");
		assertThat(server.line(WAIT)).isEqualTo("SERVED hello from java");
		assertThat(server.exit(WAIT)).isZero();
	}

	private PythonPeer start(String... args) throws IOException {
		PythonPeer peer = PythonPeer.start(PEER, Map.of(), args);
		this.peers.add(peer);
		return peer;
	}

}
