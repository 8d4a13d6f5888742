package io.github.zmqspring.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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

import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqProxy;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static io.github.zmqspring.interop.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ROUTER/DEALER brokers and routing ids with real pyzmq/libzmq sockets: Python clients and workers through the
 * engine's proxy, Java clients and workers through {@code zmq.proxy}, and identity frames (generated and explicit)
 * seen identically on both sides.
 */
@Tag("interop")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final Map<String, AtomicInteger> handshakes = new ConcurrentHashMap<>();

	private final ZmqEngine engine = ZmqEngine.builder().name("interop-broker").eventListener((event) -> {
		if (event.type() == SocketEventType.HANDSHAKE_SUCCEEDED) {
			this.handshakes.computeIfAbsent(event.socketName(), (name) -> new AtomicInteger()).incrementAndGet();
		}
	}).build();

	@AfterAll
	void closeEngine() {
		this.engine.close();
	}

	private int handshakes(String socketName) {
		AtomicInteger count = this.handshakes.get(socketName);
		return (count != null) ? count.get() : 0;
	}

	private static int port(List<String> endpoints) {
		String endpoint = endpoints.get(0);
		return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
	}

	@Nested
	class PythonPeersThroughEngineProxy {

		@Test
		void reqAndDealerClientsAreServedByRepWorkersExactly() {
			List<ZmqMessage> payloads = new ArrayList<>(Payloads.all().values());
			try (ZmqProxy proxy = BrokerInteropTests.this.engine.proxy(
					ZmqSocketSpec.builder("broker-front", SocketType.ROUTER).bind("tcp://127.0.0.1:*").build(),
					ZmqSocketSpec.builder("broker-back", SocketType.DEALER).bind("tcp://127.0.0.1:*").build(), null);
					PyPeer peer = PyPeer.start()) {
				int front = port(proxy.frontendEndpoints());
				int back = port(proxy.backendEndpoints());
				peer.socket("w1", "REP").connect("w1", back).socket("w2", "REP").connect("w2", back);
				peer.serve("w1", -1, "w1", 0, utf8("w1")).serve("w2", -1, "w2", 0, utf8("w2"));
				await().atMost(WAIT).until(() -> handshakes("broker-back") >= 2);
				peer.socket("req", "REQ").connect("req", front);
				peer.socket("dealer", "DEALER", "identity=" + PyPeer.hex(utf8("py-dealer"))).connect("dealer", front);
				List<String> servedBy = new ArrayList<>();
				for (ZmqMessage payload : payloads) {
					peer.send("req", payload);
					ZmqMessage reply = peer.recv("req", WAIT);
					assertThat(body(reply, 0)).isEqualTo(payload);
					servedBy.add(reply.frameAsString(reply.size() - 1));
					peer.send("dealer", payload.withEnvelope(List.of()));
					ZmqMessage dealerReply = peer.recv("dealer", WAIT);
					assertThat(dealerReply.frame(0)).as("the DEALER gets its empty delimiter back").isEmpty();
					assertThat(body(dealerReply, 1)).isEqualTo(payload);
					servedBy.add(dealerReply.frameAsString(dealerReply.size() - 1));
				}
				assertThat(servedBy).as("replies come from both workers").contains("w1", "w2").hasSize(2 * payloads.size());
				List<ZmqMessage> seenByWorkers = new ArrayList<>(peer.stop("w1"));
				seenByWorkers.addAll(peer.stop("w2"));
				List<ZmqMessage> expected = new ArrayList<>(payloads);
				expected.addAll(payloads);
				assertThat(seenByWorkers).as("requests seen by the pyzmq REP workers")
					.containsExactlyInAnyOrderElementsOf(expected);
				assertThat(proxy.forwardedToBackend()).isEqualTo(2L * payloads.size());
				assertThat(proxy.forwardedToFrontend()).isEqualTo(2L * payloads.size());
			}
		}

		/** The message without its first {@code skip} frames and without the worker's suffix frame. */
		private ZmqMessage body(ZmqMessage reply, int skip) {
			return ZmqMessage.of(reply.frames().subList(skip, reply.size() - 1));
		}

	}

	@Nested
	class JavaPeersThroughPyzmqProxy {

		@Test
		void requestersAreServedByEngineServersExactly() {
			List<ZmqMessage> payloads = new ArrayList<>(Payloads.all().values());
			List<ZmqMessage> served = new CopyOnWriteArrayList<>();
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("front", "ROUTER").socket("back", "DEALER");
				int front = peer.bind("front");
				int back = peer.bind("back");
				peer.proxy("front", "back");
				try (ZmqServer w1 = worker("java-w1", back, served); ZmqServer w2 = worker("java-w2", back, served);
						ZmqRequester req = requester("java-req", front, SocketType.REQ, null);
						ZmqRequester dealer = requester("java-dealer", front, SocketType.DEALER, "java-client")) {
					await().atMost(WAIT).until(() -> handshakes("java-w1") >= 1 && handshakes("java-w2") >= 1);
					List<String> servedBy = new ArrayList<>();
					for (ZmqMessage payload : payloads) {
						for (ZmqRequester requester : List.of(req, dealer)) {
							ZmqMessage reply = requester.request(payload, WAIT);
							assertThat(ZmqMessage.of(reply.frames().subList(0, reply.size() - 1))).isEqualTo(payload);
							servedBy.add(reply.frameAsString(reply.size() - 1));
						}
					}
					assertThat(servedBy).hasSize(2 * payloads.size()).allMatch((name) -> name.startsWith("java-w"));
					List<ZmqMessage> expected = new ArrayList<>(payloads);
					expected.addAll(payloads);
					assertThat(served).as("requests seen by the engine's workers").containsExactlyInAnyOrderElementsOf(expected);
				}
			}
		}

		private ZmqServer worker(String name, int port, List<ZmqMessage> served) {
			return BrokerInteropTests.this.engine.server(
					ZmqSocketSpec.builder(name, SocketType.REP).connect("tcp://127.0.0.1:" + port).build(), (request) -> {
						served.add(request.body());
						return request.body().append(utf8(name));
					});
		}

		private ZmqRequester requester(String name, int port, SocketType type, String routingId) {
			ZmqSocketSpec.Builder spec = ZmqSocketSpec.builder(name, type).connect("tcp://127.0.0.1:" + port);
			if (routingId != null) {
				spec.routingId(routingId);
			}
			return BrokerInteropTests.this.engine.requester(spec.build());
		}

	}

	@Nested
	class RoutingIds {

		@Test
		void explicitPyzmqIdentityIsTheFirstFrameOnTheEngineRouter() {
			assertPythonDealerToEngineRouter("explicit-router", utf8("py-dealer-1"));
		}

		@Test
		void generatedIdentityOfAPyzmqDealerIsSeenIdenticallyOnBothSides() {
			byte[] generated = assertPythonDealerToEngineRouter("generated-router", null);
			assertThat(generated).as("a ROUTER-generated routing id: 5 bytes, the first one 0").hasSize(5);
			assertThat(generated[0]).isZero();
		}

		/**
		 * A pyzmq DEALER sends to the engine's ROUTER, which answers with the routing id it saw as the body: both sides
		 * see the same id. Returns that id.
		 */
		private byte[] assertPythonDealerToEngineRouter(String routerName, byte[] identity) {
			List<ZmqMessage> received = new CopyOnWriteArrayList<>();
			ZmqSocket[] router = new ZmqSocket[1];
			router[0] = BrokerInteropTests.this.engine.open(
					ZmqSocketSpec.builder(routerName, SocketType.ROUTER).bind("tcp://127.0.0.1:*").build(), (message) -> {
						received.add(message);
						router[0].send(ZmqMessage.of(message.frame(0), utf8("seen as"), message.frame(0)));
					});
			try (ZmqSocket closing = router[0]; PyPeer peer = PyPeer.start()) {
				if (identity != null) {
					peer.socket("dealer", "DEALER", "identity=" + PyPeer.hex(identity));
				}
				else {
					peer.socket("dealer", "DEALER");
				}
				peer.connect("dealer", router[0].boundPort());
				ZmqMessage payload = ZmqMessage.of(utf8("hello"), new byte[] { (byte) 0xff, 0 });
				peer.send("dealer", payload);
				ZmqMessage reply = peer.recv("dealer", WAIT);
				await().atMost(WAIT).until(() -> received.size() == 1);
				ZmqMessage seen = received.get(0);
				assertThat(seen.size()).as("[routing id][payload frames]").isEqualTo(1 + payload.size());
				assertThat(ZmqMessage.of(seen.frames().subList(1, seen.size()))).isEqualTo(payload);
				if (identity != null) {
					assertThat(seen.frame(0)).isEqualTo(identity);
				}
				assertThat(reply).as("the pyzmq DEALER gets the routing id the engine saw")
					.isEqualTo(ZmqMessage.of(utf8("seen as"), seen.frame(0)));
				return seen.frame(0);
			}
		}

		@Test
		void explicitEngineRoutingIdIsTheFirstFrameOnAPyzmqRouter() {
			byte[] seen = assertEngineDealerToPythonRouter("explicit-dealer", utf8("java-dealer-1"));
			assertThat(seen).isEqualTo(utf8("java-dealer-1"));
		}

		@Test
		void generatedIdentityOfAnEngineDealerIsSeenIdenticallyOnBothSides() {
			byte[] seen = assertEngineDealerToPythonRouter("generated-dealer", null);
			assertThat(seen).as("a libzmq-generated routing id: 5 bytes, the first one 0").hasSize(5);
			assertThat(seen[0]).isZero();
		}

		/**
		 * The engine's DEALER sends to a pyzmq ROUTER, which sends back the routing id it saw as the body. Returns that
		 * id after checking the Python side saw {@code [id][payload]}.
		 */
		private byte[] assertEngineDealerToPythonRouter(String dealerName, byte[] routingId) {
			List<ZmqMessage> received = new CopyOnWriteArrayList<>();
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("router", "ROUTER");
				int port = peer.bind("router");
				ZmqSocketSpec.Builder spec = ZmqSocketSpec.builder(dealerName, SocketType.DEALER)
					.connect("tcp://127.0.0.1:" + port);
				if (routingId != null) {
					spec.routingId(routingId);
				}
				try (ZmqSocket dealer = BrokerInteropTests.this.engine.open(spec.build(), received::add)) {
					ZmqMessage payload = ZmqMessage.of(new byte[0], utf8("hello"), new byte[] { (byte) 0x80 });
					dealer.send(payload);
					ZmqMessage seen = peer.recv("router", WAIT);
					assertThat(seen.size()).as("[routing id][payload frames]").isEqualTo(1 + payload.size());
					assertThat(ZmqMessage.of(seen.frames().subList(1, seen.size()))).isEqualTo(payload);
					if (routingId != null) {
						assertThat(seen.frame(0)).isEqualTo(routingId);
					}
					peer.send("router", ZmqMessage.of(seen.frame(0), utf8("seen as"), seen.frame(0)));
					await().atMost(WAIT).until(() -> received.size() == 1);
					assertThat(received.get(0)).as("the engine's DEALER gets the routing id pyzmq saw")
						.isEqualTo(ZmqMessage.of(utf8("seen as"), seen.frame(0)));
					return Arrays.copyOf(seen.frame(0), seen.frame(0).length);
				}
			}
		}

	}

}
