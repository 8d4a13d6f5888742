package io.github.zmqspring.core.security;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.Z85;
import io.github.zmqspring.core.ZmqAuthenticator;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqKeyPair;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application's own ZAP handler (RFC 27): a REP socket bound on {@code inproc://zeromq.zap.01} of an engine that
 * runs no authenticator of its own decides the engine's PLAIN and CURVE handshakes, asynchronously, as with libzmq.
 */
class ZapHandlerSocketTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final Queue<SocketEvent> events = new ConcurrentLinkedQueue<>();

	private final ZmqEngine engine = ZmqEngine.builder().name("own-zap").eventListener(this.events::add).build();

	/** The body frames of every ZAP request the handler saw. */
	private final Queue<List<String>> requests = new ConcurrentLinkedQueue<>();

	private final Queue<byte[]> curveKeys = new ConcurrentLinkedQueue<>();

	@AfterEach
	void closeEngine() {
		this.engine.close();
	}

	private ZmqServer zapHandler(String allowedUser, String allowedPassword, ZmqKeyPair allowedKey) {
		return this.engine.server(ZmqSocketSpec.builder("my-zap-handler", SocketType.REP)
			.bind(ZmqAuthenticator.ZAP_ENDPOINT)
			.build(), (request) -> {
				ZmqMessage body = request.body();
				this.requests.add(body.frames().stream().limit(6).map(String::new).toList());
				String mechanism = body.frameAsString(5);
				boolean ok = switch (mechanism) {
					case "PLAIN" -> body.frameAsString(6).equals(allowedUser) && body.frameAsString(7).equals(allowedPassword);
					case "CURVE" -> {
						this.curveKeys.add(body.frame(6));
						yield Z85.encode(body.frame(6)).equals(allowedKey.publicKey());
					}
					default -> false;
				};
				return ZmqMessage.of("1.0".getBytes(), body.frame(1), (ok ? "200" : "400").getBytes(),
						(ok ? "OK" : "Access denied").getBytes(), (ok ? "user-" + mechanism : "").getBytes(), new byte[0]);
			});
	}

	private ZmqSocket pull(String name, ZmqSecurity security, Queue<String> received) {
		return this.engine.open(ZmqSocketSpec.builder(name, SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.security(security)
			.build(), (message) -> received.add(message.frameAsString(0)));
	}

	private ZmqSocket push(String name, ZmqSocket server, ZmqSecurity security) {
		return this.engine.open(ZmqSocketSpec.builder(name, SocketType.PUSH)
			.connect("tcp://127.0.0.1:" + server.boundPort())
			.security(security)
			.linger(Duration.ZERO)
			.build());
	}

	@Test
	void theApplicationsHandlerAdmitsTheRightPlainUserAndRefusesAWrongPassword() {
		ZmqKeyPair unused = ZmqSecurity.generateKeyPair();
		Queue<String> received = new ConcurrentLinkedQueue<>();
		try (ZmqServer handler = zapHandler("admin", "s3cret", unused);
				ZmqSocket server = pull("plain-server", ZmqSecurity.plainServer(), received);
				ZmqSocket good = push("plain-good", server, ZmqSecurity.plainClient("admin", "s3cret"));
				ZmqSocket bad = push("plain-bad", server, ZmqSecurity.plainClient("admin", "guess"))) {
			good.send(ZmqMessage.of("from admin"));
			bad.send(ZmqMessage.of("from a guesser"));
			await().atMost(WAIT).until(() -> received.contains("from admin"));
			await().atMost(WAIT).until(() -> this.events.stream().anyMatch((event) -> event.socketName().equals("plain-server")
					&& event.type() == SocketEventType.AUTH_FAILED && event.endpoint().equals("127.0.0.1")));
			await().atMost(WAIT).until(() -> this.events.stream().anyMatch((event) -> event.socketName().equals("plain-bad")
					&& event.type() == SocketEventType.AUTH_FAILED));
			assertThat(received).containsExactly("from admin");
			// The handler saw RFC 27 requests: version, request id, domain (the socket's name), address, identity, mechanism.
			assertThat(this.requests).isNotEmpty().allSatisfy((frames) -> {
				assertThat(frames.get(0)).isEqualTo("1.0");
				assertThat(frames.get(2)).isEqualTo("plain-server");
				assertThat(frames.get(3)).isEqualTo("127.0.0.1");
				assertThat(frames.get(5)).isEqualTo("PLAIN");
			});
			assertThat(handler.stats().messagesReceived()).isGreaterThanOrEqualTo(2);
		}
	}

	@Test
	void theApplicationsHandlerDecidesCurveClientsByTheirPublicKey() {
		ZmqKeyPair serverKeys = ZmqSecurity.generateKeyPair();
		ZmqKeyPair allowed = ZmqSecurity.generateKeyPair();
		ZmqKeyPair stranger = ZmqSecurity.generateKeyPair();
		Queue<String> received = new ConcurrentLinkedQueue<>();
		try (ZmqServer handler = zapHandler("-", "-", allowed);
				ZmqSocket server = pull("curve-server", ZmqSecurity.curveServer(serverKeys), received);
				ZmqSocket good = push("curve-good", server, ZmqSecurity.curveClient(allowed, serverKeys.publicKey()));
				ZmqSocket bad = push("curve-bad", server, ZmqSecurity.curveClient(stranger, serverKeys.publicKey()))) {
			good.send(ZmqMessage.of("from the allowed key"));
			bad.send(ZmqMessage.of("from a stranger"));
			await().atMost(WAIT).until(() -> received.contains("from the allowed key"));
			await().atMost(WAIT).until(() -> this.events.stream().anyMatch((event) -> event.socketName().equals("curve-server")
					&& event.type() == SocketEventType.AUTH_FAILED));
			assertThat(received).containsExactly("from the allowed key");
			assertThat(this.curveKeys).anySatisfy((key) -> assertThat(key).isEqualTo(Z85.decode(allowed.publicKey())))
				.anySatisfy((key) -> assertThat(key).isEqualTo(Z85.decode(stranger.publicKey())));
		}
	}

	@Test
	void aHandlerThatNeverAnswersLetsTheHandshakeExpireAndDeliversNothing() throws Exception {
		CountDownLatch asked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Queue<String> received = new ConcurrentLinkedQueue<>();
		try (ZmqServer handler = this.engine.server(ZmqSocketSpec.builder("silent-zap", SocketType.REP)
			.bind(ZmqAuthenticator.ZAP_ENDPOINT)
			.build(), (request) -> {
				asked.countDown();
				release.await(30, TimeUnit.SECONDS);
				return ZmqMessage.of("1.0".getBytes(), request.body().frame(1), "200".getBytes(), "OK".getBytes(),
						new byte[0], new byte[0]);
			});
				ZmqSocket server = this.engine.open(ZmqSocketSpec.builder("waiting-server", SocketType.PULL)
					.bind("tcp://127.0.0.1:*")
					.security(ZmqSecurity.plainServer())
					.handshakeInterval(Duration.ofMillis(500))
					.build(), (message) -> received.add(message.frameAsString(0)));
				ZmqSocket client = push("waiting-client", server, ZmqSecurity.plainClient("u", "p"))) {
			client.send(ZmqMessage.of("never admitted"));
			assertThat(asked.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			await().atMost(WAIT).until(() -> this.events.stream().anyMatch((event) -> event.socketName().equals("waiting-server")
					&& event.type() == SocketEventType.HANDSHAKE_FAILED));
			assertThat(received).isEmpty();
			release.countDown();
		}
	}

	@Test
	void withoutAHandlerSocketEveryPlainUserIsAdmittedAsLibzmqDoes() {
		Queue<String> received = new ConcurrentLinkedQueue<>();
		try (ZmqSocket server = pull("open-server", ZmqSecurity.plainServer(), received);
				ZmqSocket client = push("open-client", server, ZmqSecurity.plainClient("anyone", "anything"))) {
			client.send(ZmqMessage.of("admitted"));
			await().atMost(WAIT).until(() -> received.contains("admitted"));
		}
		assertThat(Arrays.asList(this.requests.toArray())).isEmpty();
	}

}
