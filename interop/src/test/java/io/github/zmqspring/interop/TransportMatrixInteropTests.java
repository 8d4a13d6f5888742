package io.github.zmqspring.interop;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqException;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqProxy;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static io.github.zmqspring.interop.Payloads.utf8;
import static io.github.zmqspring.interop.Transport.endpointOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Every pattern in both directions between the engine and real pyzmq/libzmq 4.3.4 sockets, over tcp and ipc, with
 * exact frames: REQ/REP, PUB/SUB in both topic styles, PUSH/PULL, ROUTER/DEALER envelopes, PAIR and an XSUB/XPUB proxy
 * of the engine between pyzmq publishers and subscribers. Payloads: an empty frame, 1 MiB, 100 frames, the bytes
 * 0x00–0xff (see {@link Payloads}). The ipc cases run on the ZMTP engine (see {@link Transport}), which also binds
 * over a dead process's socket file as libzmq does and refuses the abstract namespace the JDK cannot reach.
 */
@Tag("interop")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransportMatrixInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final String SYNC = "sync";

	/** Updates after the sync phase: single-frame "zipcode data" updates and [topic][data] multipart ones. */
	private static final List<ZmqMessage> FEED = List.of(ZmqMessage.of("10001 23 45"), ZmqMessage.of("10002 30 40"),
			ZmqMessage.of(utf8("10001"), Payloads.everyByte()), ZmqMessage.of("1000 1 2"),
			ZmqMessage.of(utf8("10001"), new byte[0]), ZmqMessage.of("99999", "x"),
			ZmqMessage.of(utf8("10001"), Payloads.random(1024 * 1024, 11)), ZmqMessage.of(utf8("10002"), new byte[0]),
			Payloads.hundredFrames().withEnvelope(List.of(utf8("10001-100"))), ZmqMessage.of("10001 last"));

	@TempDir
	Path ipcDir;

	private final Map<Transport, ZmqEngine> engines = new EnumMap<>(Transport.class);

	@AfterAll
	void closeEngines() {
		this.engines.values().forEach(ZmqEngine::close);
	}

	private final Map<String, AtomicInteger> handshakes = new ConcurrentHashMap<>();

	private synchronized ZmqEngine engine(Transport transport) {
		return this.engines.computeIfAbsent(transport, (t) -> t.newEngine("interop-matrix", (event) -> {
			if (event.type() == SocketEventType.HANDSHAKE_SUCCEEDED) {
				this.handshakes.computeIfAbsent(event.socketName(), (name) -> new AtomicInteger()).incrementAndGet();
			}
		}));
	}

	/**
	 * Waits until the engine's bound socket completed a handshake with the peer that connected, so that what the
	 * peer sends first cannot go to a connection that is dropped before the engine reads it.
	 */
	private void awaitHandshake(String socketName) {
		await().atMost(WAIT).until(() -> {
			AtomicInteger seen = this.handshakes.remove(socketName);
			return seen != null && seen.get() >= 1;
		});
	}

	private static List<ZmqMessage> matching(String prefix) {
		return FEED.stream().filter((message) -> message.frameAsString(0).startsWith(prefix)).toList();
	}

	private static List<ZmqMessage> withoutSync(List<ZmqMessage> received) {
		return received.stream().filter((message) -> !message.frameAsString(0).startsWith(SYNC)).toList();
	}

	private static List<ZmqMessage> appended(List<ZmqMessage> messages, String suffix) {
		return messages.stream().map((message) -> message.append(utf8(suffix))).toList();
	}

	@Nested
	class RequestReply {

		@ParameterizedTest
		@EnumSource(Transport.class)
		void engineRequesterGetsEveryReplyFromPyzmqRepExactly(Transport transport) {
			List<ZmqMessage> payloads = new ArrayList<>(Payloads.all().values());
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("rep", "REP");
				String endpoint = peer.bindEndpoint("rep", transport.bindEndpoint(TransportMatrixInteropTests.this.ipcDir));
				peer.serve("rep", payloads.size(), "rep", 0, utf8("py"));
				try (ZmqRequester requester = engine(transport)
					.requester(ZmqSocketSpec.builder("req", SocketType.REQ).connect(endpoint).build())) {
					for (ZmqMessage payload : payloads) {
						assertThat(requester.request(payload, WAIT)).isEqualTo(payload.append(utf8("py")));
					}
				}
				assertThat(peer.join("rep", WAIT)).as("requests seen by the pyzmq REP").containsExactlyElementsOf(payloads);
			}
		}

		@ParameterizedTest
		@EnumSource(Transport.class)
		void pyzmqReqGetsEveryReplyFromEngineServerExactly(Transport transport) {
			List<ZmqMessage> payloads = new ArrayList<>(Payloads.all().values());
			List<ZmqMessage> served = new CopyOnWriteArrayList<>();
			try (ZmqServer server = engine(transport).server(ZmqSocketSpec.builder("rep", SocketType.REP)
				.bind(transport.bindEndpoint(TransportMatrixInteropTests.this.ipcDir))
				.build(), (request) -> {
					served.add(request.body());
					return request.body().append(utf8("java"));
				}); PyPeer peer = PyPeer.start()) {
				peer.socket("req", "REQ").connect("req", endpointOf(server));
				awaitHandshake("rep");
				for (ZmqMessage payload : payloads) {
					peer.send("req", payload);
					assertThat(peer.recv("req", WAIT)).isEqualTo(payload.append(utf8("java")));
				}
				assertThat(served).as("requests seen by the engine's REP server").containsExactlyElementsOf(payloads);
			}
		}

	}

	@Nested
	class PublishSubscribe {

		@ParameterizedTest
		@EnumSource(Transport.class)
		void pyzmqSubscriberGetsExactlyTheMatchingUpdatesOfBothTopicStylesFromEnginePub(Transport transport) {
			try (ZmqSocket pub = engine(transport).open(ZmqSocketSpec.builder("pub", SocketType.PUB)
				.bind(transport.bindEndpoint(TransportMatrixInteropTests.this.ipcDir))
				.build()); PyPeer peer = PyPeer.start()) {
				peer.socket("sub", "SUB", "subscribe=" + PyPeer.hex(utf8("10001")), "subscribe=" + PyPeer.hex(utf8(SYNC)));
				peer.connect("sub", endpointOf(pub));
				// the subscription reaches the publisher some time after the connect: publish until one arrives
				await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> {
					pub.send(ZmqMessage.of(SYNC));
					return peer.poll("sub", Duration.ofMillis(50)) != null;
				});
				FEED.forEach(pub::send);
				assertThat(peer.collect("sub", matching("10001").size(), WAIT, SYNC))
					.containsExactlyElementsOf(matching("10001"));
			}
		}

		@ParameterizedTest
		@EnumSource(Transport.class)
		void engineSubscriberGetsExactlyTheMatchingUpdatesOfBothTopicStylesFromPyzmqPub(Transport transport) {
			List<ZmqMessage> received = new CopyOnWriteArrayList<>();
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("pub", "PUB");
				String endpoint = peer.bindEndpoint("pub", transport.bindEndpoint(TransportMatrixInteropTests.this.ipcDir));
				try (ZmqSocket sub = engine(transport).open(ZmqSocketSpec.builder("sub", SocketType.SUB)
					.connect(endpoint)
					.subscribe("10001", SYNC)
					.build(), received::add)) {
					peer.repeat("pub", Duration.ofMillis(20), ZmqMessage.of(SYNC));
					await().atMost(WAIT).until(() -> !received.isEmpty());
					peer.stop("pub");
					FEED.forEach((message) -> peer.send("pub", message));
					await().atMost(WAIT).until(() -> withoutSync(received).size() >= matching("10001").size());
					assertThat(withoutSync(received)).containsExactlyElementsOf(matching("10001"));
					assertThat(sub.stats().messagesReceived()).isEqualTo(received.size());
				}
			}
		}

	}

	@Nested
	class PushPull {

		@ParameterizedTest
		@EnumSource(Transport.class)
		void pyzmqPullGetsEveryPayloadFromEnginePushInOrder(Transport transport) {
			List<ZmqMessage> payloads = new ArrayList<>(Payloads.all().values());
			try (ZmqSocket push = engine(transport).open(ZmqSocketSpec.builder("push", SocketType.PUSH)
				.bind(transport.bindEndpoint(TransportMatrixInteropTests.this.ipcDir))
				.build()); PyPeer peer = PyPeer.start()) {
				peer.socket("pull", "PULL").connect("pull", endpointOf(push));
				awaitHandshake("push");
				payloads.forEach(push::send);
				assertThat(peer.collect("pull", payloads.size(), WAIT)).containsExactlyElementsOf(payloads);
			}
		}

		@ParameterizedTest
		@EnumSource(Transport.class)
		void enginePullGetsEveryPayloadFromPyzmqPushInOrder(Transport transport) {
			List<ZmqMessage> payloads = new ArrayList<>(Payloads.all().values());
			List<ZmqMessage> received = new CopyOnWriteArrayList<>();
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("push", "PUSH");
				String endpoint = peer.bindEndpoint("push", transport.bindEndpoint(TransportMatrixInteropTests.this.ipcDir));
				try (ZmqSocket pull = engine(transport).open(
						ZmqSocketSpec.builder("pull", SocketType.PULL).connect(endpoint).build(), received::add)) {
					payloads.forEach((payload) -> peer.send("push", payload));
					await().atMost(WAIT).until(() -> received.size() >= payloads.size());
					assertThat(received).containsExactlyElementsOf(payloads);
					assertThat(pull.stats().messagesReceived()).isEqualTo(payloads.size());
				}
			}
		}

	}

	@Nested
	class RouterDealer {

		@ParameterizedTest
		@EnumSource(Transport.class)
		void engineRouterSeesTheNamedPyzmqDealerAndItsEmptyDelimiterAndRoutesRepliesBack(Transport transport) {
			List<ZmqMessage> payloads = new ArrayList<>(Payloads.all().values());
			List<ZmqMessage> received = new CopyOnWriteArrayList<>();
			ZmqSocket[] router = new ZmqSocket[1];
			router[0] = engine(transport).open(ZmqSocketSpec.builder("router", SocketType.ROUTER)
				.bind(transport.bindEndpoint(TransportMatrixInteropTests.this.ipcDir))
				.build(), (message) -> {
					received.add(message);
					router[0].send(message.append(utf8("java")));
				});
			try (ZmqSocket closing = router[0]; PyPeer peer = PyPeer.start()) {
				peer.socket("dealer", "DEALER", "identity=" + PyPeer.hex(utf8("py-dealer")));
				peer.connect("dealer", endpointOf(router[0]));
				awaitHandshake("router");
				List<ZmqMessage> expected = new ArrayList<>();
				for (ZmqMessage payload : payloads) {
					ZmqMessage request = payload.withEnvelope(List.of());
					peer.send("dealer", request);
					assertThat(peer.recv("dealer", WAIT)).as("[\"\"][payload][java] back at the pyzmq DEALER")
						.isEqualTo(request.append(utf8("java")));
					expected.add(payload.withEnvelope(List.of(utf8("py-dealer"))));
				}
				assertThat(received).as("[identity][\"\"][payload] at the engine's ROUTER").containsExactlyElementsOf(expected);
			}
		}

		@ParameterizedTest
		@EnumSource(Transport.class)
		void pyzmqRouterSeesTheNamedEngineDealerAndItsEmptyDelimiterAndRoutesRepliesBack(Transport transport) {
			List<ZmqMessage> payloads = new ArrayList<>(Payloads.all().values());
			List<ZmqMessage> received = new CopyOnWriteArrayList<>();
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("router", "ROUTER");
				String endpoint = peer.bindEndpoint("router", transport.bindEndpoint(TransportMatrixInteropTests.this.ipcDir));
				try (ZmqSocket dealer = engine(transport).open(ZmqSocketSpec.builder("dealer", SocketType.DEALER)
					.connect(endpoint)
					.routingId("java-dealer")
					.build(), received::add)) {
					List<ZmqMessage> expected = new ArrayList<>();
					for (ZmqMessage payload : payloads) {
						ZmqMessage request = payload.withEnvelope(List.of());
						dealer.send(request);
						ZmqMessage seen = peer.recv("router", WAIT);
						assertThat(seen).as("[identity][\"\"][payload] at the pyzmq ROUTER")
							.isEqualTo(payload.withEnvelope(List.of(utf8("java-dealer"))));
						peer.send("router", seen.append(utf8("py")));
						expected.add(request.append(utf8("py")));
					}
					await().atMost(WAIT).until(() -> received.size() >= payloads.size());
					assertThat(received).as("[\"\"][payload][py] back at the engine's DEALER").containsExactlyElementsOf(expected);
				}
			}
		}

	}

	@Nested
	class Pair {

		@ParameterizedTest
		@EnumSource(Transport.class)
		void everyPayloadCrossesBothWaysWhenTheEngineBinds(Transport transport) {
			List<ZmqMessage> payloads = new ArrayList<>(Payloads.all().values());
			List<ZmqMessage> received = new CopyOnWriteArrayList<>();
			try (ZmqSocket pair = engine(transport).open(ZmqSocketSpec.builder("pair", SocketType.PAIR)
				.bind(transport.bindEndpoint(TransportMatrixInteropTests.this.ipcDir))
				.build(), received::add); PyPeer peer = PyPeer.start()) {
				peer.socket("pair", "PAIR").connect("pair", endpointOf(pair));
				awaitHandshake("pair");
				assertBothWays(peer, pair, payloads, received);
			}
		}

		@ParameterizedTest
		@EnumSource(Transport.class)
		void everyPayloadCrossesBothWaysWhenPyzmqBinds(Transport transport) {
			List<ZmqMessage> payloads = new ArrayList<>(Payloads.all().values());
			List<ZmqMessage> received = new CopyOnWriteArrayList<>();
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("pair", "PAIR");
				String endpoint = peer.bindEndpoint("pair", transport.bindEndpoint(TransportMatrixInteropTests.this.ipcDir));
				try (ZmqSocket pair = engine(transport)
					.open(ZmqSocketSpec.builder("pair", SocketType.PAIR).connect(endpoint).build(), received::add)) {
					assertBothWays(peer, pair, payloads, received);
				}
			}
		}

		private void assertBothWays(PyPeer peer, ZmqSocket pair, List<ZmqMessage> payloads, List<ZmqMessage> received) {
			payloads.forEach((payload) -> peer.send("pair", payload));
			await().atMost(WAIT).until(() -> received.size() >= payloads.size());
			assertThat(received).as("seen by the engine's PAIR").containsExactlyElementsOf(payloads);
			payloads.forEach(pair::send);
			assertThat(peer.collect("pair", payloads.size(), WAIT)).as("seen by the pyzmq PAIR")
				.containsExactlyElementsOf(payloads);
		}

	}

	@Nested
	class XpubXsubProxy {

		@ParameterizedTest
		@EnumSource(Transport.class)
		void twoPyzmqPublishersReachTwoPyzmqSubscribersThroughTheEngineProxyByPrefix(Transport transport) {
			Path dir = TransportMatrixInteropTests.this.ipcDir;
			try (ZmqProxy proxy = engine(transport).proxy(
					ZmqSocketSpec.builder("xsub", SocketType.XSUB).bind(transport.bindEndpoint(dir)).build(),
					ZmqSocketSpec.builder("xpub", SocketType.XPUB).bind(transport.bindEndpoint(dir)).build(), null);
					PyPeer peer = PyPeer.start()) {
				String front = proxy.frontendEndpoints().get(0);
				String back = proxy.backendEndpoints().get(0);
				peer.socket("pub1", "PUB").connect("pub1", front).socket("pub2", "PUB").connect("pub2", front);
				peer.socket("sub1", "SUB", "subscribe=" + PyPeer.hex(utf8("10001")), "subscribe=" + PyPeer.hex(utf8(SYNC)));
				peer.socket("sub2", "SUB", "subscribe=" + PyPeer.hex(utf8("10002")), "subscribe=" + PyPeer.hex(utf8(SYNC)));
				peer.connect("sub1", back).connect("sub2", back);
				peer.repeat("pub1", Duration.ofMillis(20), ZmqMessage.of(SYNC + "1"));
				peer.repeat("pub2", Duration.ofMillis(20), ZmqMessage.of(SYNC + "2"));
				awaitSyncFromBoth(peer, "sub1");
				awaitSyncFromBoth(peer, "sub2");
				peer.stop("pub1");
				peer.stop("pub2");
				for (String publisher : List.of("pub1", "pub2")) {
					FEED.forEach((message) -> peer.send(publisher, message));
					assertThat(peer.collect("sub1", matching("10001").size(), WAIT, SYNC)).as("sub1 from %s", publisher)
						.containsExactlyElementsOf(matching("10001"));
					assertThat(peer.collect("sub2", matching("10002").size(), WAIT, SYNC)).as("sub2 from %s", publisher)
						.containsExactlyElementsOf(matching("10002"));
				}
			}
		}

		private void awaitSyncFromBoth(PyPeer peer, String subscriber) {
			List<String> seen = new ArrayList<>();
			await().atMost(WAIT).until(() -> {
				ZmqMessage message = peer.poll(subscriber, Duration.ofMillis(50));
				if (message != null) {
					seen.add(message.frameAsString(0));
				}
				return seen.contains(SYNC + "1") && seen.contains(SYNC + "2");
			});
		}

	}


	@Nested
	class IpcEndpoints {

		@Test
		void engineBindsOverTheStaleSocketFileOfADeadProcessAsLibzmqDoes() throws Exception {
			Path file = TransportMatrixInteropTests.this.ipcDir.resolve("stale.sock");
			try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
				dead.bind(UnixDomainSocketAddress.of(file));
			}
			assertThat(file).as("the socket file a dead process left behind").exists();
			List<ZmqMessage> received = new CopyOnWriteArrayList<>();
			try (ZmqSocket pull = engine(Transport.IPC)
				.open(ZmqSocketSpec.builder("stale-pull", SocketType.PULL).bind("ipc://" + file).build(), received::add);
					PyPeer peer = PyPeer.start()) {
				peer.socket("push", "PUSH").connect("push", "ipc://" + file).send("push", ZmqMessage.of("after the stale file"));
				await().atMost(WAIT).until(() -> !received.isEmpty());
				assertThat(received).containsExactly(ZmqMessage.of("after the stale file"));
			}
		}

		@Test
		void abstractNamespaceIsRefusedWithAnErrorThatSaysSo() {
			ZmqEngine zmtp = engine(Transport.IPC);
			assertThatExceptionOfType(ZmqException.class)
				.isThrownBy(() -> zmtp.open(ZmqSocketSpec.builder("abstract-push", SocketType.PUSH).bind("ipc://@zmq-interop").build()))
				.withMessageContaining("abstract");
		}

	}

}
