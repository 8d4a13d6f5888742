package io.github.zmqspring.core;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZmqEnginePatternsTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ZmqEngine engine = ZmqEngine.builder().name("patterns").build();

	private final AtomicInteger names = new AtomicInteger();

	@AfterAll
	void closeEngine() {
		this.engine.close();
	}

	private String name(String prefix) {
		return prefix + "-" + this.names.incrementAndGet();
	}

	private static ZmqMessage take(BlockingQueue<ZmqMessage> queue) throws InterruptedException {
		ZmqMessage message = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(message).as("a message within %s", WAIT).isNotNull();
		return message;
	}

	@Nested
	class Pipeline {

		@Test
		void pushToPullOverTcpWithARandomPort() throws Exception {
			BlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
			ZmqSocket pull = ZmqEnginePatternsTests.this.engine
				.open(ZmqSocketSpec.builder(name("sink"), SocketType.PULL).bind("tcp://127.0.0.1:*").build(), received::add);
			assertThat(pull.boundPort()).isPositive();
			assertThat(pull.boundEndpoints()).containsExactly("tcp://127.0.0.1:" + pull.boundPort());
			try (ZmqSocket push = ZmqEnginePatternsTests.this.engine.open(ZmqSocketSpec
				.builder(name("ventilator"), SocketType.PUSH)
				.connect("tcp://127.0.0.1:" + pull.boundPort())
				.build())) {
				push.send(ZmqMessage.of("task 1"));
				push.send(ZmqMessage.of("task", "2"));
				assertThat(take(received)).isEqualTo(ZmqMessage.of("task 1"));
				assertThat(take(received)).isEqualTo(ZmqMessage.of("task", "2"));
				await().atMost(WAIT).until(() -> pull.stats().messagesReceived() == 2);
				assertThat(push.stats().messagesSent()).isEqualTo(2);
				assertThat(push.stats().bytesSent()).isEqualTo(11);
			}
			finally {
				pull.close();
			}
			assertThat(pull.state()).isEqualTo(SocketState.CLOSED);
		}

		@Test
		void pushToPullOverInproc() throws Exception {
			BlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
			String endpoint = "inproc://" + name("jobs");
			try (ZmqSocket pull = ZmqEnginePatternsTests.this.engine
				.open(ZmqSocketSpec.builder(name("sink"), SocketType.PULL).bind(endpoint).build(), received::add);
					ZmqSocket push = ZmqEnginePatternsTests.this.engine
						.open(ZmqSocketSpec.builder(name("vent"), SocketType.PUSH).connect(endpoint).build())) {
				push.send(ZmqMessage.of(new byte[] { 1, 2, 3 }));
				assertThat(take(received).frame(0)).containsExactly(1, 2, 3);
			}
		}

		@Test
		void workIsSpreadOverSeveralWorkers() {
			List<String> seenBy = new CopyOnWriteArrayList<>();
			try (ZmqSocket push = ZmqEnginePatternsTests.this.engine
				.open(ZmqSocketSpec.builder(name("vent"), SocketType.PUSH).bind("tcp://127.0.0.1:*").build());
					ZmqSocket w1 = worker(push, "w1", seenBy); ZmqSocket w2 = worker(push, "w2", seenBy)) {
				await().atMost(WAIT).until(() -> push.stats().messagesSent() == 0);
				for (int i = 0; i < 100; i++) {
					push.send(ZmqMessage.of("task " + i));
				}
				await().atMost(WAIT).until(() -> seenBy.size() == 100);
				// Both workers are connected before the first send only if both handshakes completed; either
				// way every task arrives exactly once, and once both are up both get work.
				for (int i = 0; i < 100; i++) {
					push.send(ZmqMessage.of("more " + i));
				}
				await().atMost(WAIT).until(() -> seenBy.size() == 200);
				assertThat(seenBy.subList(100, 200)).contains("w1", "w2");
			}
		}

		private ZmqSocket worker(ZmqSocket push, String id, List<String> seenBy) {
			ZmqSocket worker = ZmqEnginePatternsTests.this.engine.open(
					ZmqSocketSpec.builder(name(id), SocketType.PULL).connect("tcp://127.0.0.1:" + push.boundPort()).build(),
					(message) -> seenBy.add(id));
			await().atMost(WAIT).until(() -> worker.state() == SocketState.RUNNING);
			return worker;
		}

	}

	@Nested
	class PublishSubscribe {

		@Test
		void subscriberReceivesOnlyMatchingPrefixesSingleFrameAndMultipart() throws Exception {
			BlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
			try (ZmqSocket pub = ZmqEnginePatternsTests.this.engine
				.open(ZmqSocketSpec.builder(name("weather"), SocketType.PUB).bind("tcp://127.0.0.1:*").build());
					ZmqSocket sub = ZmqEnginePatternsTests.this.engine.open(ZmqSocketSpec.builder(name("sub"), SocketType.SUB)
						.connect("tcp://127.0.0.1:" + pub.boundPort())
						.subscribe("10001")
						.build(), received::add)) {
				// A slow joiner misses what is published before its subscription arrives: publish until it sees one.
				await().atMost(WAIT).until(() -> {
					pub.send(ZmqMessage.of("00000 0 0"));
					pub.send(ZmqMessage.of("10001 -1 -1"));
					return !received.isEmpty();
				});
				pub.send(ZmqMessage.of("10001 marker"));
				while (!take(received).frameAsString(0).equals("10001 marker")) {
					// drain the warm-up updates still in flight
				}
				pub.send(ZmqMessage.of("20000 30 40"));
				pub.send(ZmqMessage.of("10001 23 45"));
				pub.send(ZmqMessage.of("10001", "multipart payload"));
				pub.send(ZmqMessage.of("99999", "not for us"));
				pub.send(ZmqMessage.of("10001 end"));
				assertThat(take(received)).isEqualTo(ZmqMessage.of("10001 23 45"));
				assertThat(take(received)).isEqualTo(ZmqMessage.of("10001", "multipart payload"));
				assertThat(take(received)).isEqualTo(ZmqMessage.of("10001 end"));
				assertThat(received).isEmpty();
			}
		}

		@Test
		void subscriptionsChangeAtRuntime() throws Exception {
			BlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
			try (ZmqSocket pub = ZmqEnginePatternsTests.this.engine
				.open(ZmqSocketSpec.builder(name("pub"), SocketType.PUB).bind("tcp://127.0.0.1:*").build());
					ZmqSocket sub = ZmqEnginePatternsTests.this.engine.open(ZmqSocketSpec.builder(name("sub"), SocketType.SUB)
						.connect("tcp://127.0.0.1:" + pub.boundPort())
						.subscribe("A")
						.build(), received::add)) {
				await().atMost(WAIT).until(() -> {
					pub.send(ZmqMessage.of("A ping"));
					return !received.isEmpty();
				});
				// Unsubscribe first: once B's subscription reached the publisher, A's removal (sent before it on the
				// same connection) did too.
				sub.unsubscribe("A".getBytes(StandardCharsets.UTF_8));
				sub.subscribe("B".getBytes(StandardCharsets.UTF_8));
				await().atMost(WAIT).until(() -> {
					pub.send(ZmqMessage.of("B ping"));
					return received.stream().anyMatch((m) -> m.frameAsString(0).startsWith("B"));
				});
				pub.send(ZmqMessage.of("B marker"));
				while (!take(received).frameAsString(0).equals("B marker")) {
					// drain what was published while waiting
				}
				pub.send(ZmqMessage.of("A after"));
				pub.send(ZmqMessage.of("B after"));
				assertThat(take(received)).isEqualTo(ZmqMessage.of("B after"));
				assertThat(received).isEmpty();
			}
		}

		@Test
		void aSlowSubscribersDropsAreCountedNeverSilent() {
			java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
			AtomicInteger got = new AtomicInteger();
			try (ZmqSocket pub = ZmqEnginePatternsTests.this.engine.open(ZmqSocketSpec.builder(name("pub"), SocketType.PUB)
				.bind("tcp://127.0.0.1:*")
				.sendHighWaterMark(10)
				.build());
					ZmqSocket sub = ZmqEnginePatternsTests.this.engine.open(ZmqSocketSpec.builder(name("slow"), SocketType.SUB)
						.connect("tcp://127.0.0.1:" + pub.boundPort())
						.subscribe("")
						.receiveHighWaterMark(10)
						.build(), (message) -> {
							got.incrementAndGet();
							release.await(30, TimeUnit.SECONDS);
						})) {
				await().atMost(WAIT).until(() -> {
					pub.send(ZmqMessage.of("warm-up"));
					return got.get() > 0;
				});
				// The subscriber now blocks in its handler: the publisher must drop, and count, what it cannot take.
				for (int i = 0; i < 20_000; i++) {
					pub.send(ZmqMessage.of("tick " + i));
				}
				await().atMost(WAIT).until(() -> pub.stats().dropped() > 0);
				assertThat(pub.stats().messagesSent()).isGreaterThanOrEqualTo(20_000);
				release.countDown();
			}
		}

	}

	@Nested
	class RoutingAndPairs {

		@Test
		void routerSeesTheDealersRoutingIdAndRepliesToIt() throws Exception {
			BlockingQueue<ZmqMessage> atRouter = new LinkedBlockingQueue<>();
			BlockingQueue<ZmqMessage> atDealer = new LinkedBlockingQueue<>();
			try (ZmqSocket router = ZmqEnginePatternsTests.this.engine.open(
					ZmqSocketSpec.builder(name("router"), SocketType.ROUTER).bind("tcp://127.0.0.1:*").build(), atRouter::add);
					ZmqSocket dealer = ZmqEnginePatternsTests.this.engine.open(ZmqSocketSpec.builder(name("dealer"), SocketType.DEALER)
						.connect("tcp://127.0.0.1:" + router.boundPort())
						.routingId("client-A")
						.build(), atDealer::add)) {
				dealer.send(ZmqMessage.of("", "hello"));
				ZmqMessage request = take(atRouter);
				assertThat(request).isEqualTo(ZmqMessage.of("client-A", "", "hello"));
				router.send(ZmqMessage.of("world").withEnvelope(request.envelope()));
				assertThat(take(atDealer)).isEqualTo(ZmqMessage.of("", "world"));
				router.send(ZmqMessage.of("nobody", "", "lost"));
				await().atMost(WAIT).until(() -> router.stats().dropped() == 1);
			}
		}

		@Test
		void pairTalksBothWays() throws Exception {
			BlockingQueue<ZmqMessage> atA = new LinkedBlockingQueue<>();
			BlockingQueue<ZmqMessage> atB = new LinkedBlockingQueue<>();
			String endpoint = "inproc://" + name("pair");
			try (ZmqSocket a = ZmqEnginePatternsTests.this.engine
				.open(ZmqSocketSpec.builder(name("a"), SocketType.PAIR).bind(endpoint).build(), atA::add);
					ZmqSocket b = ZmqEnginePatternsTests.this.engine
						.open(ZmqSocketSpec.builder(name("b"), SocketType.PAIR).connect(endpoint).build(), atB::add)) {
				a.send(ZmqMessage.of("ping"));
				assertThat(take(atB)).isEqualTo(ZmqMessage.of("ping"));
				b.send(ZmqMessage.of("pong"));
				assertThat(take(atA)).isEqualTo(ZmqMessage.of("pong"));
			}
		}

		@Test
		void streamSocketServesAPlainTcpClient() throws Exception {
			ZmqSocket[] holder = new ZmqSocket[1];
			try (ZmqSocket stream = ZmqEnginePatternsTests.this.engine.open(
					ZmqSocketSpec.builder(name("echo"), SocketType.STREAM).bind("tcp://127.0.0.1:*").build(), (message) -> {
						// [connection id][data]; an empty data frame signals a connect or a disconnect.
						if (message.size() == 2 && message.frame(1).length > 0) {
							String line = message.frameAsString(1);
							holder[0].send(ZmqMessage.of(message.frame(0),
									("echo: " + line).getBytes(StandardCharsets.UTF_8)));
						}
					})) {
				holder[0] = stream;
				try (Socket client = new Socket("127.0.0.1", stream.boundPort())) {
					client.setSoTimeout((int) WAIT.toMillis());
					OutputStream out = client.getOutputStream();
					out.write("hello\n".getBytes(StandardCharsets.UTF_8));
					out.flush();
					BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
					assertThat(in.readLine()).isEqualTo("echo: hello");
				}
			}
		}

	}

	@Nested
	class Proxies {

		@Test
		void routerDealerBrokerServesManyClientsWithManyWorkers() throws Exception {
			try (ZmqProxy broker = ZmqEnginePatternsTests.this.engine.proxy(
					ZmqSocketSpec.builder(name("frontend"), SocketType.ROUTER).bind("tcp://127.0.0.1:*").build(),
					ZmqSocketSpec.builder(name("backend"), SocketType.DEALER).bind("tcp://127.0.0.1:*").build(), null)) {
				String front = broker.frontendEndpoints().get(0);
				String back = broker.backendEndpoints().get(0);
				List<ZmqServer> workers = new CopyOnWriteArrayList<>();
				for (int w = 0; w < 3; w++) {
					String id = "worker-" + w;
					workers.add(ZmqEnginePatternsTests.this.engine.server(
							ZmqSocketSpec.builder(name(id), SocketType.REP).connect(back).build(),
							(request) -> ZmqMessage.of(id + ":" + request.body().frameAsString(0))));
				}
				List<ZmqRequester> clients = new CopyOnWriteArrayList<>();
				for (int c = 0; c < 4; c++) {
					clients.add(ZmqEnginePatternsTests.this.engine
						.requester(ZmqSocketSpec.builder(name("client"), SocketType.REQ).connect(front).build()));
				}
				java.util.Set<String> servedBy = java.util.concurrent.ConcurrentHashMap.newKeySet();
				for (int round = 0; round < 30; round++) {
					for (int c = 0; c < clients.size(); c++) {
						String body = "c" + c + "r" + round;
						ZmqMessage reply = clients.get(c).request(ZmqMessage.of(body), WAIT);
						assertThat(reply.frameAsString(0)).endsWith(":" + body);
						servedBy.add(reply.frameAsString(0).substring(0, reply.frameAsString(0).indexOf(':')));
					}
				}
				assertThat(servedBy).hasSizeGreaterThan(1);
				assertThat(broker.forwardedToBackend()).isEqualTo(120);
				await().atMost(WAIT).until(() -> broker.forwardedToFrontend() == 120);
				clients.forEach(ZmqRequester::close);
				workers.forEach(ZmqServer::close);
			}
		}

		@Test
		void xsubXpubForwarderCarriesSubscriptionsAndMessages() throws Exception {
			BlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
			try (ZmqSocket publisher = ZmqEnginePatternsTests.this.engine
				.open(ZmqSocketSpec.builder(name("pub"), SocketType.PUB).bind("tcp://127.0.0.1:*").build());
					ZmqProxy forwarder = ZmqEnginePatternsTests.this.engine.proxy(
							ZmqSocketSpec.builder(name("xsub"), SocketType.XSUB)
								.connect("tcp://127.0.0.1:" + publisher.boundPort())
								.build(),
							ZmqSocketSpec.builder(name("xpub"), SocketType.XPUB).bind("tcp://127.0.0.1:*").build(), null);
					ZmqSocket subscriber = ZmqEnginePatternsTests.this.engine.open(ZmqSocketSpec.builder(name("sub"), SocketType.SUB)
						.connect(forwarder.backendEndpoints().get(0))
						.subscribe("news")
						.build(), received::add)) {
				await().atMost(WAIT).until(() -> {
					publisher.send(ZmqMessage.of("sports ignored"));
					publisher.send(ZmqMessage.of("news", "hello"));
					return !received.isEmpty();
				});
				assertThat(take(received)).isEqualTo(ZmqMessage.of("news", "hello"));
				assertThat(received.stream().allMatch((m) -> m.frameAsString(0).equals("news"))).isTrue();
			}
		}

		@Test
		void pullPushStreamerWithCapture() throws Exception {
			BlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
			BlockingQueue<ZmqMessage> captured = new LinkedBlockingQueue<>();
			try (ZmqSocket capture = ZmqEnginePatternsTests.this.engine
				.open(ZmqSocketSpec.builder(name("capture-in"), SocketType.PULL).bind("tcp://127.0.0.1:*").build(), captured::add);
					ZmqProxy streamer = ZmqEnginePatternsTests.this.engine.proxy(
							ZmqSocketSpec.builder(name("in"), SocketType.PULL).bind("tcp://127.0.0.1:*").build(),
							ZmqSocketSpec.builder(name("out"), SocketType.PUSH).bind("tcp://127.0.0.1:*").build(),
							ZmqSocketSpec.builder(name("capture"), SocketType.PUSH)
								.connect("tcp://127.0.0.1:" + capture.boundPort())
								.build());
					ZmqSocket sink = ZmqEnginePatternsTests.this.engine.open(
							ZmqSocketSpec.builder(name("sink"), SocketType.PULL).connect(streamer.backendEndpoints().get(0)).build(),
							received::add);
					ZmqSocket source = ZmqEnginePatternsTests.this.engine.open(
							ZmqSocketSpec.builder(name("source"), SocketType.PUSH).connect(streamer.frontendEndpoints().get(0)).build())) {
				source.send(ZmqMessage.of("job"));
				assertThat(take(received)).isEqualTo(ZmqMessage.of("job"));
				assertThat(take(captured)).isEqualTo(ZmqMessage.of("job"));
			}
		}

	}

}
