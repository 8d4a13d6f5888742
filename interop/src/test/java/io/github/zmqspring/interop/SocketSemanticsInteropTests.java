package io.github.zmqspring.interop;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

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
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static io.github.zmqspring.interop.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Socket semantics of RFC 28, 30 and 31 as libzmq 4.3.4 implements them, checked against real pyzmq counterparts over
 * tcp: PUSH round-robin and PULL fair-queueing, libzmq REQ on the wire, REP, DEALER and ROUTER-server envelopes, and
 * ROUTER routing by identity. PUB/SUB is in {@link SubscriptionSemanticsInteropTests}, flow control (HWM, linger,
 * connect-before-bind) in {@link FlowControlInteropTests}. Runs on the default engine, except where only the ZMTP
 * engine has the behaviour (libzmq-exact REQ).
 */
@Tag("interop")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SocketSemanticsInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final Duration QUIET = Duration.ofMillis(300);

	private final Map<String, AtomicInteger> handshakes = new ConcurrentHashMap<>();

	private final ZmqEngine engine = ZmqEngine.builder().name("interop-semantics").eventListener((event) -> {
		if (event.type() == SocketEventType.HANDSHAKE_SUCCEEDED) {
			this.handshakes.computeIfAbsent(event.socketName(), (name) -> new AtomicInteger()).incrementAndGet();
		}
	}).build();

	private final Map<String, AtomicInteger> zmtpHandshakes = new ConcurrentHashMap<>();

	private ZmqEngine zmtp;

	@AfterAll
	void closeEngines() {
		this.engine.close();
		if (this.zmtp != null) {
			this.zmtp.close();
		}
	}

	/** The ZMTP engine, for behaviour only it has. */
	private synchronized ZmqEngine zmtp() {
		if (this.zmtp == null) {
			this.zmtp = ZmqEngine.builder()
				.name("interop-semantics-zmtp")
				.eventListener((event) -> {
					if (event.type() == SocketEventType.HANDSHAKE_SUCCEEDED) {
						this.zmtpHandshakes.computeIfAbsent(event.socketName(), (name) -> new AtomicInteger()).incrementAndGet();
					}
				})
				.build();
		}
		return this.zmtp;
	}

	private void awaitZmtpHandshakes(String socketName, int count) {
		await().atMost(WAIT).until(() -> {
			AtomicInteger seen = this.zmtpHandshakes.get(socketName);
			return seen != null && seen.get() >= count;
		});
	}

	private void awaitHandshakes(String socketName, int count) {
		await().atMost(WAIT).until(() -> {
			AtomicInteger seen = this.handshakes.get(socketName);
			return seen != null && seen.get() >= count;
		});
	}

	private static String tcp(int port) {
		return "tcp://127.0.0.1:" + port;
	}

	private static int sequence(ZmqMessage message) {
		return ByteBuffer.wrap(message.frame(0)).getInt();
	}

	private static byte[] sequenced(int sequence, int size) {
		return ByteBuffer.allocate(size).putInt(sequence).array();
	}

	@Nested
	class PushAndPull {

		@Test
		void pushRoundRobinsStrictlyOverTwoConnectedPyzmqPulls() {
			try (ZmqSocket push = SocketSemanticsInteropTests.this.engine
				.open(ZmqSocketSpec.builder("rr-push", SocketType.PUSH).bind("tcp://127.0.0.1:*").build());
					PyPeer peer = PyPeer.start()) {
				peer.socket("pull1", "PULL").connect("pull1", push.boundPort());
				peer.socket("pull2", "PULL").connect("pull2", push.boundPort());
				awaitHandshakes("rr-push", 2);
				for (int i = 0; i < 100; i++) {
					push.send(ZmqMessage.of(sequenced(i, 4)));
				}
				List<Integer> first = peer.collect("pull1", 50, WAIT).stream().map(SocketSemanticsInteropTests::sequence).toList();
				List<Integer> second = peer.collect("pull2", 50, WAIT).stream().map(SocketSemanticsInteropTests::sequence).toList();
				int offset = first.get(0);
				assertThat(offset).isIn(0, 1);
				for (int i = 0; i < 50; i++) {
					assertThat(first.get(i)).as("pull1 message %d", i).isEqualTo(offset + 2 * i);
					assertThat(second.get(i)).as("pull2 message %d", i).isEqualTo(1 - offset + 2 * i);
				}
				assertThat(peer.poll("pull1", QUIET)).isNull();
				assertThat(peer.poll("pull2", QUIET)).isNull();
			}
		}

		@Test
		void pullFairQueuesTwoBackloggedPyzmqPushes() {
			AtomicLong fromFirst = new AtomicLong();
			AtomicLong fromSecond = new AtomicLong();
			try (ZmqSocket pull = SocketSemanticsInteropTests.this.engine.open(ZmqSocketSpec.builder("fq-pull", SocketType.PULL)
				.bind("tcp://127.0.0.1:*")
				.receiveHighWaterMark(10)
				.build(), (message) -> (message.frameAsString(0).equals("a") ? fromFirst : fromSecond).incrementAndGet());
					PyPeer peer = PyPeer.start()) {
				peer.socket("push1", "PUSH", "sndhwm=10").connect("push1", pull.boundPort());
				peer.socket("push2", "PUSH", "sndhwm=10").connect("push2", pull.boundPort());
				awaitHandshakes("fq-pull", 2);
				// both pushers send as fast as they can, so both pipes stay backlogged
				peer.repeat("push1", Duration.ZERO, ZmqMessage.of("a"));
				peer.repeat("push2", Duration.ZERO, ZmqMessage.of("b"));
				await().atMost(WAIT).until(() -> fromFirst.get() > 0 && fromSecond.get() > 0);
				long first = fromFirst.get();
				long second = fromSecond.get();
				await().atMost(WAIT).until(() -> fromFirst.get() - first + fromSecond.get() - second >= 4000);
				long windowFirst = fromFirst.get() - first;
				long windowSecond = fromSecond.get() - second;
				peer.stopCounting("push1");
				peer.stopCounting("push2");
				assertThat(windowFirst).as("messages from push1 while both were backlogged (push2: %d)", windowSecond)
					.isBetween((windowFirst + windowSecond) / 4, 3 * (windowFirst + windowSecond) / 4);
			}
		}

	}

	@Nested
	class RequestReplyEnvelopes {

		@Test
		void reqSocketIsLibzmqReqOnTheWireToAPyzmqRouterServer() throws Exception {
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("router", "ROUTER");
				int port = peer.bind("router");
				try (ZmqRequester req = zmtp()
					.requester(ZmqSocketSpec.builder("libzmq-req", SocketType.REQ).connect(tcp(port)).build())) {
					for (ZmqMessage body : List.of(ZmqMessage.of("hello"), ZmqMessage.of(Payloads.everyByte()),
							ZmqMessage.of(utf8("two"), new byte[0]))) {
						CompletableFuture<ZmqMessage> reply = req.requestAsync(body, WAIT);
						ZmqMessage seen = peer.recv("router", WAIT);
						assertThat(seen.size()).as("[identity][\"\"][body] at the pyzmq ROUTER: %s", seen)
							.isEqualTo(2 + body.size());
						assertThat(seen.frame(1)).as("the empty delimiter").isEmpty();
						assertThat(ZmqMessage.of(seen.frames().subList(2, seen.size()))).isEqualTo(body);
						ZmqMessage answer = body.append(utf8("from router"));
						peer.send("router", answer.withEnvelope(List.of(seen.frame(0))));
						assertThat(reply.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(answer);
					}
				}
			}
		}

		@Test
		void reqTakesTheReplyOnlyFromThePyzmqRouterItAsked() throws Exception {
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("r1", "ROUTER").socket("r2", "ROUTER");
				int port1 = peer.bind("r1");
				int port2 = peer.bind("r2");
				try (ZmqRequester req = zmtp().requester(ZmqSocketSpec.builder("strict-req", SocketType.REQ)
					.connect(tcp(port1), tcp(port2))
					.routingId("java-req")
					.build())) {
					awaitZmtpHandshakes("strict-req", 2);
					for (int round = 0; round < 2; round++) {
						ZmqMessage body = ZmqMessage.of("question-" + round);
						CompletableFuture<ZmqMessage> reply = req.requestAsync(body, WAIT);
						String asked = null;
						while (asked == null) {
							for (String router : List.of("r1", "r2")) {
								ZmqMessage seen = peer.poll(router, Duration.ofMillis(20));
								if (seen != null) {
									assertThat(seen).isEqualTo(body.withEnvelope(List.of(utf8("java-req"))));
									asked = router;
								}
							}
						}
						String other = asked.equals("r1") ? "r2" : "r1";
						// the router that was not asked answers first: a libzmq REQ drops that reply
						peer.send(other, ZmqMessage.of("forged-" + round).withEnvelope(List.of(utf8("java-req"))));
						peer.send(asked, ZmqMessage.of("real-" + round).withEnvelope(List.of(utf8("java-req"))));
						assertThat(reply.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("round %d", round)
							.isEqualTo(ZmqMessage.of("real-" + round));
					}
				}
			}
		}

		@Test
		void concurrentRequestsOnAReqSpecReachAPyzmqRouterAsLibzmqReqAndEachGetsItsOwnReply() {
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("router", "ROUTER");
				int port = peer.bind("router");
				peer.serve("router", -1, "router", 0, utf8("py"));
				try (ZmqRequester req = zmtp()
					.requester(ZmqSocketSpec.builder("pooled-req", SocketType.REQ).connect(tcp(port)).build())) {
					List<CompletableFuture<ZmqMessage>> replies = new ArrayList<>();
					for (int i = 0; i < 20; i++) {
						replies.add(req.requestAsync(ZmqMessage.of("request-" + i), WAIT));
					}
					for (int i = 0; i < 20; i++) {
						assertThat(replies.get(i).join()).isEqualTo(ZmqMessage.of("request-" + i, "py"));
					}
				}
				List<ZmqMessage> seen = peer.stop("router");
				assertThat(seen).hasSize(20).allSatisfy((message) -> {
					assertThat(message.size()).as("[identity][\"\"][body]: %s", message).isEqualTo(3);
					assertThat(message.frame(1)).isEmpty();
				});
				assertThat(seen.stream().map((message) -> message.frameAsString(2)))
					.containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).mapToObj((i) -> "request-" + i).toList());
			}
		}

		@Test
		void routerServerAnswersAPyzmqDealerWithoutDelimiterWithoutOneAndWithOneWithOne() {
			try (ZmqServer server = SocketSemanticsInteropTests.this.engine.server(
					ZmqSocketSpec.builder("router-server", SocketType.ROUTER).bind("tcp://127.0.0.1:*").build(),
					(request) -> request.body().append(utf8("java"))); PyPeer peer = PyPeer.start()) {
				peer.socket("dealer", "DEALER").connect("dealer", server.boundPort());
				awaitHandshakes("router-server", 1);
				peer.send("dealer", ZmqMessage.of("bare"));
				assertThat(peer.recv("dealer", WAIT)).isEqualTo(ZmqMessage.of("bare", "java"));
				peer.send("dealer", ZmqMessage.of(new byte[0], utf8("delimited")));
				assertThat(peer.recv("dealer", WAIT)).isEqualTo(ZmqMessage.of(new byte[0], utf8("delimited"), utf8("java")));
			}
		}

		@Test
		void repServerEchoesEveryEnvelopeFrameOfAPyzmqDealerAndDropsARequestWithoutDelimiter() {
			List<List<byte[]>> envelopes = new CopyOnWriteArrayList<>();
			try (ZmqServer server = SocketSemanticsInteropTests.this.engine.server(
					ZmqSocketSpec.builder("envelope-rep", SocketType.REP).bind("tcp://127.0.0.1:*").build(), (request) -> {
						envelopes.add(request.envelope());
						return request.body().append(utf8("java"));
					}); PyPeer peer = PyPeer.start()) {
				peer.socket("dealer", "DEALER", "identity=" + PyPeer.hex(utf8("py-dealer"))).connect("dealer", server.boundPort());
				awaitHandshakes("envelope-rep", 1);
				ZmqMessage request = ZmqMessage.of(utf8("hop-1"), utf8("hop-2"), new byte[0], utf8("body"));
				peer.send("dealer", request);
				assertThat(peer.recv("dealer", WAIT)).isEqualTo(request.append(utf8("java")));
				assertThat(envelopes).hasSize(1);
				assertThat(envelopes.get(0)).containsExactly(utf8("py-dealer"), utf8("hop-1"), utf8("hop-2"));
				peer.send("dealer", ZmqMessage.of("no delimiter"));
				ZmqMessage next = ZmqMessage.of(new byte[0], utf8("next"));
				peer.send("dealer", next);
				assertThat(peer.recv("dealer", WAIT)).as("the request after the malformed one is answered")
					.isEqualTo(next.append(utf8("java")));
				assertThat(peer.poll("dealer", QUIET)).as("nothing answers the malformed request").isNull();
				assertThat(server.stats().malformed()).isEqualTo(1);
			}
		}

		@Test
		void dealerKeepsItsEnvelopeFramesThroughAPyzmqRep() {
			List<ZmqMessage> received = new CopyOnWriteArrayList<>();
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("rep", "REP");
				int port = peer.bind("rep");
				peer.serve("rep", 2, "rep", 0, utf8("py"));
				try (ZmqSocket dealer = SocketSemanticsInteropTests.this.engine.open(
						ZmqSocketSpec.builder("envelope-dealer", SocketType.DEALER).connect(tcp(port)).build(), received::add)) {
					ZmqMessage plain = ZmqMessage.of(new byte[0], utf8("body"));
					ZmqMessage routed = ZmqMessage.of(utf8("request-7"), new byte[0], utf8("body"), new byte[] { 0 });
					dealer.send(plain);
					await().atMost(WAIT).until(() -> received.size() == 1);
					dealer.send(routed);
					await().atMost(WAIT).until(() -> received.size() == 2);
					assertThat(received).containsExactly(plain.append(utf8("py")), routed.append(utf8("py")));
				}
				assertThat(peer.join("rep", WAIT)).as("bodies seen by the pyzmq REP")
					.containsExactly(ZmqMessage.of("body"), ZmqMessage.of(utf8("body"), new byte[] { 0 }));
			}
		}

		@Test
		void routerRoutesToTheNamedPyzmqDealerAndDropsAMessageForAnUnknownIdentity() {
			try (ZmqSocket router = SocketSemanticsInteropTests.this.engine
				.open(ZmqSocketSpec.builder("routing-router", SocketType.ROUTER).bind("tcp://127.0.0.1:*").build());
					PyPeer peer = PyPeer.start()) {
				peer.socket("alice", "DEALER", "identity=" + PyPeer.hex(utf8("alice"))).connect("alice", router.boundPort());
				peer.socket("bob", "DEALER", "identity=" + PyPeer.hex(utf8("bob"))).connect("bob", router.boundPort());
				awaitHandshakes("routing-router", 2);
				router.send(ZmqMessage.of("bob", "for bob"));
				router.send(ZmqMessage.of("nobody", "lost"));
				router.send(ZmqMessage.of(utf8("alice"), utf8("for alice"), new byte[0]));
				assertThat(peer.recv("alice", WAIT)).isEqualTo(ZmqMessage.of(utf8("for alice"), new byte[0]));
				assertThat(peer.recv("bob", WAIT)).isEqualTo(ZmqMessage.of("for bob"));
				assertThat(peer.poll("alice", QUIET)).isNull();
				assertThat(peer.poll("bob", QUIET)).isNull();
				assertThat(router.stats().dropped()).as("the message for an unknown identity").isEqualTo(1);
			}
		}

	}

}
