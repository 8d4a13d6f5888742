package io.github.zmqspring.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static io.github.zmqspring.interop.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JeroMQ 0.6.0, driven through its own API ({@link ZContext}, {@link ZMQ.Socket}) in its own context, as an
 * independent ZMTP 3.0 peer of the engine over tcp, both ways: REQ/REP, PUB/SUB (a 3.0 SUB subscribes with
 * {@code 0x01+topic} message frames, which the engine's PUB must accept), PUSH/PULL and DEALER/ROUTER, with exact
 * frames. Runs on the default engine.
 */
@Tag("interop")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JeroMqPeerInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final ZmqMessage SYNC = ZmqMessage.of("sync");

	private final Map<String, AtomicInteger> handshakes = new ConcurrentHashMap<>();

	private final ZmqEngine engine = ZmqEngine.builder().name("interop-jeromq").eventListener((event) -> {
		if (event.type() == SocketEventType.HANDSHAKE_SUCCEEDED) {
			this.handshakes.computeIfAbsent(event.socketName(), (name) -> new AtomicInteger()).incrementAndGet();
		}
	}).build();

	private ZContext jeromq;

	@BeforeEach
	void startJeroMq() {
		this.jeromq = new ZContext();
	}

	@AfterEach
	void closeJeroMq() {
		this.jeromq.close();
	}

	@AfterAll
	void closeEngine() {
		this.engine.close();
	}

	/**
	 * Waits until the engine's socket completed a handshake with the JeroMQ peer that connected to it. A REQ or DEALER
	 * request, or a PUSH message, sent on a connection that is then dropped before its handshake is lost (as with
	 * libzmq), so the cases where JeroMQ connects send only once the connection is up.
	 */
	private void awaitHandshake(String socketName) {
		await().atMost(WAIT).until(() -> {
			AtomicInteger seen = this.handshakes.get(socketName);
			return seen != null && seen.get() >= 1;
		});
	}

	private ZMQ.Socket jeromqSocket(org.zeromq.SocketType type) {
		ZMQ.Socket socket = this.jeromq.createSocket(type);
		socket.setLinger(1000);
		socket.setReceiveTimeOut((int) WAIT.toMillis());
		return socket;
	}

	private static void send(ZMQ.Socket socket, ZmqMessage message) {
		List<byte[]> frames = message.frames();
		for (int i = 0; i < frames.size(); i++) {
			boolean sent = socket.send(frames.get(i), (i < frames.size() - 1) ? ZMQ.SNDMORE : 0);
			assertThat(sent).as("JeroMQ sent frame %d", i).isTrue();
		}
	}

	/** Receives one whole message, or fails when none arrives within the socket's receive timeout. */
	private static ZmqMessage receive(ZMQ.Socket socket) {
		List<byte[]> frames = new ArrayList<>();
		do {
			byte[] frame = socket.recv();
			assertThat(frame).as("a frame received by JeroMQ in time").isNotNull();
			frames.add(frame);
		}
		while (socket.hasReceiveMore());
		return ZmqMessage.of(frames);
	}

	/** Serves {@code count} requests on a JeroMQ socket on its own thread, echoing each with a suffix frame. */
	private static CompletableFuture<List<ZmqMessage>> serve(ZMQ.Socket socket, int count, String suffix) {
		return CompletableFuture.supplyAsync(() -> {
			List<ZmqMessage> seen = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				ZmqMessage request = receive(socket);
				seen.add(request);
				send(socket, request.append(utf8(suffix)));
			}
			return seen;
		});
	}

	private static String tcp(int port) {
		return "tcp://127.0.0.1:" + port;
	}

	@Nested
	class RequestReply {

		@Test
		void engineRequesterGetsEveryReplyFromJeroMqRepExactly() throws Exception {
			List<ZmqMessage> payloads = new ArrayList<>(Payloads.all().values());
			ZMQ.Socket rep = jeromqSocket(org.zeromq.SocketType.REP);
			int port = rep.bindToRandomPort("tcp://127.0.0.1");
			CompletableFuture<List<ZmqMessage>> served = serve(rep, payloads.size(), "jeromq");
			try (ZmqRequester requester = JeroMqPeerInteropTests.this.engine
				.requester(ZmqSocketSpec.builder("req-to-jeromq", SocketType.REQ).connect(tcp(port)).build())) {
				for (ZmqMessage payload : payloads) {
					assertThat(requester.request(payload, WAIT)).isEqualTo(payload.append(utf8("jeromq")));
				}
			}
			assertThat(served.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("requests seen by the JeroMQ REP")
				.containsExactlyElementsOf(payloads);
		}

		@Test
		void jeroMqReqGetsEveryReplyFromEngineServerExactly() {
			List<ZmqMessage> payloads = new ArrayList<>(Payloads.all().values());
			List<String> names = new ArrayList<>(Payloads.all().keySet());
			List<ZmqMessage> served = new CopyOnWriteArrayList<>();
			try (ZmqServer server = JeroMqPeerInteropTests.this.engine.server(
					ZmqSocketSpec.builder("rep-for-jeromq", SocketType.REP).bind("tcp://127.0.0.1:*").build(), (request) -> {
						served.add(request.body());
						return request.body().append(utf8("java"));
					})) {
				ZMQ.Socket req = jeromqSocket(org.zeromq.SocketType.REQ);
				req.connect(tcp(server.boundPort()));
				awaitHandshake("rep-for-jeromq");
				for (int i = 0; i < payloads.size(); i++) {
					send(req, payloads.get(i));
					assertThat(receive(req)).as("reply to '%s' (served so far: %d)", names.get(i), served.size())
						.isEqualTo(payloads.get(i).append(utf8("java")));
				}
				assertThat(served).as("requests seen by the engine's REP server").containsExactlyElementsOf(payloads);
			}
		}

	}

	@Nested
	class PublishSubscribe {

		private static final List<ZmqMessage> FEED = List.of(ZmqMessage.of("10001 23 45"), ZmqMessage.of("10002 1 2"),
				ZmqMessage.of(utf8("10001"), Payloads.everyByte()), ZmqMessage.of("99999", "x"),
				ZmqMessage.of(utf8("10001"), new byte[0]), ZmqMessage.of(utf8("10001"), Payloads.random(1024 * 1024, 5)),
				ZmqMessage.of("10001 last"));

		private static final List<ZmqMessage> MATCHING = FEED.stream()
			.filter((message) -> message.frameAsString(0).startsWith("10001"))
			.toList();

		@Test
		void jeroMqSubscriberOnZmtp30GetsExactlyTheMatchingUpdatesFromEnginePub() {
			try (ZmqSocket pub = JeroMqPeerInteropTests.this.engine
				.open(ZmqSocketSpec.builder("pub-to-jeromq", SocketType.PUB).bind("tcp://127.0.0.1:*").build())) {
				ZMQ.Socket sub = jeromqSocket(org.zeromq.SocketType.SUB);
				sub.subscribe(utf8("10001"));
				sub.subscribe(utf8("sync"));
				sub.setReceiveTimeOut(50);
				sub.connect(tcp(pub.boundPort()));
				// JeroMQ's SUB speaks ZMTP 3.0: its subscriptions are 0x01+topic message frames
				await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> {
					pub.send(SYNC);
					return sub.recv() != null;
				});
				sub.setReceiveTimeOut((int) WAIT.toMillis());
				FEED.forEach(pub::send);
				List<ZmqMessage> received = new ArrayList<>();
				while (received.size() < MATCHING.size()) {
					ZmqMessage message = receive(sub);
					if (!message.equals(SYNC)) {
						received.add(message);
					}
				}
				assertThat(received).containsExactlyElementsOf(MATCHING);
			}
		}

		@Test
		void engineSubscriberGetsExactlyTheMatchingUpdatesFromJeroMqPub() {
			List<ZmqMessage> received = new CopyOnWriteArrayList<>();
			ZMQ.Socket pub = jeromqSocket(org.zeromq.SocketType.PUB);
			int port = pub.bindToRandomPort("tcp://127.0.0.1");
			try (ZmqSocket sub = JeroMqPeerInteropTests.this.engine.open(ZmqSocketSpec.builder("sub-of-jeromq", SocketType.SUB)
				.connect(tcp(port))
				.subscribe("10001", "sync")
				.build(), received::add)) {
				await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> {
					send(pub, SYNC);
					return !received.isEmpty();
				});
				FEED.forEach((message) -> send(pub, message));
				await().atMost(WAIT).until(() -> withoutSync(received).size() >= MATCHING.size());
				assertThat(withoutSync(received)).containsExactlyElementsOf(MATCHING);
			}
		}

		private List<ZmqMessage> withoutSync(List<ZmqMessage> received) {
			return received.stream().filter((message) -> !message.equals(SYNC)).toList();
		}

	}

	@Nested
	class PushPull {

		@Test
		void jeroMqPullGetsEveryPayloadFromEnginePushInOrder() {
			List<ZmqMessage> payloads = new ArrayList<>(Payloads.all().values());
			try (ZmqSocket push = JeroMqPeerInteropTests.this.engine
				.open(ZmqSocketSpec.builder("push-to-jeromq", SocketType.PUSH).bind("tcp://127.0.0.1:*").build())) {
				ZMQ.Socket pull = jeromqSocket(org.zeromq.SocketType.PULL);
				pull.connect(tcp(push.boundPort()));
				awaitHandshake("push-to-jeromq");
				payloads.forEach(push::send);
				List<ZmqMessage> received = new ArrayList<>();
				for (int i = 0; i < payloads.size(); i++) {
					received.add(receive(pull));
				}
				assertThat(received).containsExactlyElementsOf(payloads);
			}
		}

		@Test
		void enginePullGetsEveryPayloadFromJeroMqPushInOrder() {
			List<ZmqMessage> payloads = new ArrayList<>(Payloads.all().values());
			List<ZmqMessage> received = new CopyOnWriteArrayList<>();
			ZMQ.Socket push = jeromqSocket(org.zeromq.SocketType.PUSH);
			int port = push.bindToRandomPort("tcp://127.0.0.1");
			try (ZmqSocket pull = JeroMqPeerInteropTests.this.engine.open(
					ZmqSocketSpec.builder("pull-of-jeromq", SocketType.PULL).connect(tcp(port)).build(), received::add)) {
				payloads.forEach((payload) -> send(push, payload));
				await().atMost(WAIT).until(() -> received.size() >= payloads.size());
				assertThat(received).containsExactlyElementsOf(payloads);
			}
		}

	}

	@Nested
	class DealerRouter {

		@Test
		void engineRouterSeesTheNamedJeroMqDealerWithItsDelimiterAndRoutesRepliesBack() {
			List<ZmqMessage> payloads = new ArrayList<>(Payloads.all().values());
			List<ZmqMessage> received = new CopyOnWriteArrayList<>();
			ZmqSocket[] router = new ZmqSocket[1];
			router[0] = JeroMqPeerInteropTests.this.engine.open(
					ZmqSocketSpec.builder("router-for-jeromq", SocketType.ROUTER).bind("tcp://127.0.0.1:*").build(),
					(message) -> {
						received.add(message);
						router[0].send(message.append(utf8("java")));
					});
			try (ZmqSocket closing = router[0]) {
				ZMQ.Socket dealer = jeromqSocket(org.zeromq.SocketType.DEALER);
				dealer.setIdentity(utf8("jeromq-dealer"));
				dealer.connect(tcp(router[0].boundPort()));
				awaitHandshake("router-for-jeromq");
				List<ZmqMessage> expected = new ArrayList<>();
				for (ZmqMessage payload : payloads) {
					ZmqMessage request = payload.withEnvelope(List.of());
					send(dealer, request);
					assertThat(receive(dealer)).isEqualTo(request.append(utf8("java")));
					expected.add(payload.withEnvelope(List.of(utf8("jeromq-dealer"))));
				}
				assertThat(received).as("[identity][\"\"][payload] at the engine's ROUTER").containsExactlyElementsOf(expected);
			}
		}

		@Test
		void jeroMqRouterSeesTheNamedEngineDealerWithItsDelimiterAndRoutesRepliesBack() {
			List<ZmqMessage> payloads = new ArrayList<>(Payloads.all().values());
			List<ZmqMessage> received = new CopyOnWriteArrayList<>();
			ZMQ.Socket router = jeromqSocket(org.zeromq.SocketType.ROUTER);
			int port = router.bindToRandomPort("tcp://127.0.0.1");
			try (ZmqSocket dealer = JeroMqPeerInteropTests.this.engine.open(ZmqSocketSpec
				.builder("dealer-to-jeromq", SocketType.DEALER)
				.connect(tcp(port))
				.routingId("java-dealer")
				.build(), received::add)) {
				List<ZmqMessage> expected = new ArrayList<>();
				for (ZmqMessage payload : payloads) {
					ZmqMessage request = payload.withEnvelope(List.of());
					dealer.send(request);
					ZmqMessage seen = receive(router);
					assertThat(seen).isEqualTo(payload.withEnvelope(List.of(utf8("java-dealer"))));
					send(router, seen.append(utf8("jeromq")));
					expected.add(request.append(utf8("jeromq")));
				}
				await().atMost(WAIT).until(() -> received.size() >= payloads.size());
				assertThat(received).as("[\"\"][payload][jeromq] at the engine's DEALER").containsExactlyElementsOf(expected);
			}
		}

	}

}
