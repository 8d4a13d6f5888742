package io.github.zmqspring.annotation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.SendTo;

import io.github.zmqspring.boot.autoconfigure.ZmqAutoConfiguration;
import io.github.zmqspring.boot.autoconfigure.ZmqListenerAutoConfiguration;
import io.github.zmqspring.config.ZmqListenerEndpointRegistry;
import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.listener.ZmqListenerContainer;
import io.github.zmqspring.support.ZmqHeaders;
import io.github.zmqspring.support.ZmqLifecycle.State;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @ZmqListener} end to end: one Spring context, real engine sockets over tcp loopback on random ports.
 */
@SpringBootTest(classes = ZmqListenerTests.Config.class, properties = { "test.pull.bind=tcp://127.0.0.1:*",
		"test.pull.concurrency=1", "test.idle.id=idle", "test.idle.auto-startup=false",
		"zmq.sockets.results.type=PUSH", "zmq.sockets.results.bind=tcp://127.0.0.1:*",
		"zmq.sockets.orders.type=PULL", "zmq.sockets.orders.bind=tcp://127.0.0.1:*" })
class ZmqListenerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	ZmqEngine engine;

	@Autowired
	ZmqListenerEndpointRegistry registry;

	@Autowired
	Listeners listeners;

	private int port(String listenerId) {
		ZmqListenerContainer container = this.registry.getListenerContainer(listenerId);
		assertThat(container).as(listenerId).isNotNull();
		ManagedSocket socket = container.getSocket();
		assertThat(socket).as(listenerId + " socket").isNotNull();
		return socket.boundPort();
	}

	private ZmqSocket peer(String name, SocketType type, String listenerId) {
		return this.engine.open(ZmqSocketSpec.builder(name, type)
			.connect("tcp://127.0.0.1:" + port(listenerId))
			.build());
	}

	private ZmqRequester requester(String name, String listenerId) {
		return this.engine.requester(ZmqSocketSpec.builder(name, SocketType.DEALER)
			.connect("tcp://127.0.0.1:" + port(listenerId))
			.build());
	}

	private static <T> T take(BlockingQueue<T> queue) throws InterruptedException {
		T item = queue.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(item).as("received within " + TIMEOUT).isNotNull();
		return item;
	}

	@Nested
	class Subscribe {

		@Test
		void subListenerReceivesSingleFrameAndTopicFramedMessagesMatchingItsPrefixesOnly() throws Exception {
			try (ZmqSocket pub = peer("weather-pub", SocketType.PUB, "weather")) {
				// PUB drops messages until the subscription has travelled: publish until one arrives
				await().atMost(TIMEOUT).until(() -> {
					pub.send(ZmqMessage.of("10001 warm-up"));
					return listeners.weather.poll(50, TimeUnit.MILLISECONDS) != null;
				});
				await().pollDelay(Duration.ofMillis(100)).until(() -> true);
				listeners.weather.clear();
				pub.send(ZmqMessage.of("99999 10 10"));
				pub.send(ZmqMessage.of("10001 23 45"));
				pub.send(ZmqMessage.of("10002", "{\"temp\":21}"));
				pub.send(ZmqMessage.of("10003", "not subscribed"));
				pub.send(ZmqMessage.of("10001 end"));
				List<String> received = new ArrayList<>();
				while (received.isEmpty() || !received.get(received.size() - 1).endsWith("end")) {
					received.add(take(listeners.weather));
				}
				assertThat(received).filteredOn((s) -> !s.contains("warm-up"))
					.containsExactly("10001|10001 23 45", "10002|{\"temp\":21}", "10001|10001 end");
			}
		}

	}

	@Nested
	class RawTcp {

		@Test
		void streamListenerAnswersAPlainTcpClientWithItsReturnValue() throws Exception {
			try (java.net.Socket client = new java.net.Socket("127.0.0.1", port("raw-echo"))) {
				client.setSoTimeout((int) TIMEOUT.toMillis());
				client.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
				java.io.BufferedReader in = new java.io.BufferedReader(
						new java.io.InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
				assertThat(in.readLine()).isEqualTo("raw: hello");
			}
		}

	}

	@Nested
	class Pipeline {

		@Test
		void pullListenerReceivesEveryMessageInOrder() throws Exception {
			try (ZmqSocket push = peer("pull-push", SocketType.PUSH, "pull")) {
				for (int i = 0; i < 200; i++) {
					push.send(ZmqMessage.of("task-" + i));
				}
				for (int i = 0; i < 200; i++) {
					assertThat(take(listeners.pulled)).isEqualTo("task-" + i);
				}
			}
		}

		@Test
		void sendToForwardsTheReturnValueToTheNamedSocket() throws Exception {
			ManagedSocket results = engine.sockets().stream()
				.filter((s) -> s.name().equals("results"))
				.findFirst()
				.orElseThrow();
			assertThat(results.type()).isEqualTo(SocketType.PUSH);
			BlockingQueue<String> out = new LinkedBlockingQueue<>();
			try (ZmqSocket sink = engine.open(ZmqSocketSpec.builder("sink", SocketType.PULL)
				.connect("tcp://127.0.0.1:" + results.boundPort())
				.build(), (message) -> out.add(message.frameAsString(0)));
					ZmqSocket push = peer("worker-push", SocketType.PUSH, "worker")) {
				for (int i = 0; i < 50; i++) {
					push.send(ZmqMessage.of("job-" + i));
				}
				List<String> done = new ArrayList<>();
				for (int i = 0; i < 50; i++) {
					done.add(take(out));
				}
				assertThat(done).hasSize(50).allMatch((s) -> s.startsWith("done:job-")).doesNotHaveDuplicates();
			}
		}

		@Test
		void pojoFromJsonAndPoisonMessageIsCountedAndSkipped() throws Exception {
			ZmqListenerContainer orders = registry.getListenerContainer("orders");
			long errorsBefore = orders.getConversionErrors();
			assertThat(orders.getSocketName()).isEqualTo("orders");
			try (ZmqSocket push = peer("orders-push", SocketType.PUSH, "orders")) {
				push.send(ZmqMessage.of("{\"item\":\"apple\",\"quantity\":1}"));
				push.send(ZmqMessage.of("this is not JSON"));
				for (int i = 2; i <= 5; i++) {
					push.send(ZmqMessage.of("{\"item\":\"pear\",\"quantity\":" + i + "}"));
				}
				List<Order> received = new ArrayList<>();
				for (int i = 0; i < 5; i++) {
					received.add(take(listeners.orders));
				}
				assertThat(received).containsExactly(new Order("apple", 1), new Order("pear", 2), new Order("pear", 3),
						new Order("pear", 4), new Order("pear", 5));
				assertThat(orders.getConversionErrors()).isEqualTo(errorsBefore + 1);
				assertThat(orders.getListenerErrors()).isZero();
				assertThat(orders.isRunning()).isTrue();
			}
		}

		@Test
		void pairListenerGetsRawFramesAndAnswersOnItsOwnSocket() throws Exception {
			BlockingQueue<String> answers = new LinkedBlockingQueue<>();
			try (ZmqSocket pair = engine.open(ZmqSocketSpec.builder("pair-peer", SocketType.PAIR)
				.connect("tcp://127.0.0.1:" + port("raw"))
				.build(), (message) -> answers.add(message.frameAsString(0)))) {
				pair.send(ZmqMessage.of("header", "body"));
				assertThat(take(answers)).isEqualTo("2 frames, payload body, socket raw");
			}
		}

	}

	@Nested
	class RequestReply {

		@Test
		void repListenerRepliesWithItsReturnValue() {
			try (ZmqRequester requester = requester("echo-client", "echo")) {
				assertThat(requester.request(ZmqMessage.of("hello"), TIMEOUT).frameAsString(0)).isEqualTo("HELLO");
			}
		}

		@Test
		void listenerExceptionAnswersWithTheErrorReplyAndTheNextRequestSucceeds() {
			ZmqListenerContainer echo = registry.getListenerContainer("echo");
			long errorsBefore = echo.getListenerErrors();
			try (ZmqRequester requester = requester("echo-client-2", "echo")) {
				ZmqMessage error = requester.request(ZmqMessage.of("boom"), TIMEOUT);
				assertThat(error.size()).isOne();
				assertThat(error.frameAsString(0)).isEqualTo("ERROR: IllegalStateException: boom requested");
				assertThat(requester.request(ZmqMessage.of("again"), TIMEOUT).frameAsString(0)).isEqualTo("AGAIN");
			}
			assertThat(echo.getListenerErrors()).isEqualTo(errorsBefore + 1);
		}

		@Test
		void pojoJsonRoundTripOnRep() {
			try (ZmqRequester requester = requester("pricing-client", "pricing")) {
				ZmqMessage reply = requester.request(ZmqMessage.of("{\"item\":\"apple\",\"quantity\":3}"), TIMEOUT);
				Quote quote = JsonMapper.builder().build().readValue(reply.frame(0), Quote.class);
				assertThat(quote).isEqualTo(new Quote("apple", 3, 150));
			}
		}

		@Test
		void conversionFailureOnRepAnswersWithTheErrorReplyAndIsCounted() {
			ZmqListenerContainer pricing = registry.getListenerContainer("pricing");
			long errorsBefore = pricing.getConversionErrors();
			try (ZmqRequester requester = requester("pricing-client-2", "pricing")) {
				String error = requester.request(ZmqMessage.of("{oops"), TIMEOUT).frameAsString(0);
				assertThat(error).startsWith("ERROR: MessageConversionException: ");
				assertThat(requester.request(ZmqMessage.of("{\"item\":\"pear\",\"quantity\":1}"), TIMEOUT)
					.frameAsString(0)).contains("\"price\":50");
			}
			assertThat(pricing.getConversionErrors()).isEqualTo(errorsBefore + 1);
		}

		@Test
		void routerListenerWithConcurrencyFourAnswersThousandConcurrentRequestsEachWithItsOwnReply() {
			ZmqListenerContainer router = registry.getListenerContainer("router");
			assertThat(router.getConcurrency()).isEqualTo(4);
			try (ZmqRequester requester = requester("router-client", "router")) {
				List<CompletableFuture<ZmqMessage>> replies = new ArrayList<>();
				for (int i = 0; i < 1000; i++) {
					replies.add(requester.requestAsync(ZmqMessage.of("request-" + i), Duration.ofSeconds(30)));
				}
				for (int i = 0; i < 1000; i++) {
					assertThat(replies.get(i).join().frameAsString(0)).isEqualTo("reply-request-" + i);
				}
			}
			assertThat(listeners.routerThreads).hasSizeGreaterThan(1);
		}

	}

	@Nested
	class Registry {

		@Test
		void registryListsContainersWithTheirState() {
			assertThat(registry.getListenerContainerIds()).contains("weather", "pull", "worker", "orders", "echo",
					"pricing", "router", "raw", "idle");
			assertThat(registry.getListenerContainer("echo").getState()).isEqualTo(State.STARTED);
			assertThat(registry.getListenerContainer("echo").getSocketType()).isEqualTo(SocketType.REP);
		}

		@Test
		void placeholdersAndExpressionsResolveInAttributes() {
			ZmqListenerContainer idle = registry.getListenerContainer("idle");
			assertThat(idle).isNotNull();
			assertThat(idle.isAutoStartup()).isFalse();
			assertThat(idle.getConcurrency()).isEqualTo(2);
			// never started by the context (the stop/start test may have run it since)
			assertThat(idle.getState()).isIn(State.CREATED, State.STOPPED);
			assertThat(registry.getListenerContainer("pull").getConcurrency()).isOne();
		}

		@Test
		void containerStopsAndStartsByIdAndServesAgain() throws Exception {
			registry.stopListenerContainer("idle");
			registry.startListenerContainer("idle");
			ZmqListenerContainer idle = registry.getListenerContainer("idle");
			assertThat(idle.getState()).isEqualTo(State.STARTED);
			try (ZmqSocket push = peer("idle-push-1", SocketType.PUSH, "idle")) {
				push.send(ZmqMessage.of("first"));
				assertThat(take(listeners.idle)).isEqualTo("first");
			}
			registry.stopListenerContainer("idle");
			assertThat(idle.getState()).isEqualTo(State.STOPPED);
			assertThat(idle.isRunning()).isFalse();
			assertThat(idle.getSocket()).isNull();
			registry.startListenerContainer("idle");
			assertThat(idle.getState()).isEqualTo(State.STARTED);
			try (ZmqSocket push = peer("idle-push-2", SocketType.PUSH, "idle")) {
				push.send(ZmqMessage.of("second"));
				assertThat(take(listeners.idle)).isEqualTo("second");
			}
			registry.stopListenerContainer("idle");
		}

	}

	record Order(String item, int quantity) {
	}

	record Quote(String item, int quantity, int price) {
	}

	static class Listeners {

		final BlockingQueue<String> weather = new LinkedBlockingQueue<>();

		final BlockingQueue<String> pulled = new LinkedBlockingQueue<>();

		final BlockingQueue<Order> orders = new LinkedBlockingQueue<>();

		final BlockingQueue<String> idle = new LinkedBlockingQueue<>();

		final java.util.Set<String> routerThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();

		@ZmqListener(id = "weather", type = SocketType.SUB, bind = "tcp://127.0.0.1:*", topics = { "10001", "10002" })
		void onWeather(String update, @Header(ZmqHeaders.TOPIC) String topic) {
			this.weather.add(topic + "|" + update);
		}

		@ZmqListener(id = "pull", type = SocketType.PULL, bind = "${test.pull.bind}",
				concurrency = "${test.pull.concurrency}")
		void onTask(String task) {
			this.pulled.add(task);
		}

		@ZmqListener(id = "worker", type = SocketType.PULL, bind = "tcp://127.0.0.1:*", concurrency = "2")
		@SendTo("results")
		String work(String job) {
			return "done:" + job;
		}

		@ZmqListener(id = "orders", socket = "orders")
		void onOrder(Order order) {
			this.orders.add(order);
		}

		@ZmqListener(id = "raw-echo", type = SocketType.STREAM, bind = "tcp://127.0.0.1:*")
		String rawEcho(@org.springframework.messaging.handler.annotation.Payload(required = false) String bytes) {
			// Empty (null) when a client connects or disconnects: nothing to answer.
			return (bytes == null || bytes.isEmpty()) ? null : "raw: " + bytes;
		}

		@ZmqListener(id = "echo", type = SocketType.REP, bind = "tcp://127.0.0.1:*")
		String echo(String request) {
			if (request.equals("boom")) {
				throw new IllegalStateException("boom requested");
			}
			return request.toUpperCase();
		}

		@ZmqListener(id = "pricing", type = SocketType.REP, bind = "tcp://127.0.0.1:*")
		Quote price(Order order) {
			return new Quote(order.item(), order.quantity(), 50 * order.quantity());
		}

		@ZmqListener(id = "router", type = SocketType.ROUTER, bind = "tcp://127.0.0.1:*", concurrency = "4")
		String route(String body, @Header(ZmqHeaders.ROUTING_ID) byte[] routingId) {
			assertThat(routingId).isNotEmpty();
			this.routerThreads.add(Thread.currentThread().getName());
			return "reply-" + body;
		}

		@ZmqListener(id = "raw", type = SocketType.PAIR, bind = "tcp://127.0.0.1:*")
		String raw(ZmqMessage frames, Message<String> message, @Header(ZmqHeaders.SOCKET) String socket) {
			return frames.size() + " frames, payload " + message.getPayload() + ", socket " + socket;
		}

		@ZmqListener(id = "${test.idle.id}", type = SocketType.PULL, bind = "tcp://127.0.0.1:*",
				autoStartup = "${test.idle.auto-startup}", concurrency = "#{1 + 1}")
		void onIdle(String text) {
			this.idle.add(text);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class })
	static class Config {

		@Bean
		Listeners listeners() {
			return new Listeners();
		}

	}

}
