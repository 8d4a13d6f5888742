package io.github.zmqspring.template;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.json.JsonMapper;

import io.github.zmqspring.boot.autoconfigure.ZmqAutoConfiguration;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequestTimeoutException;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.ZmqHeaders;
import io.github.zmqspring.support.ZmqSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class ZmqTemplateTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static ZmqEngine peers;

	private static ZmqServer server;

	private static volatile CountDownLatch slowReply = new CountDownLatch(1);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, JacksonAutoConfiguration.class));

	@BeforeAll
	static void startServer() {
		peers = ZmqEngine.builder().name("peers").build();
		server = peers.server(ZmqSocketSpec.builder("rep", SocketType.REP).bind("tcp://127.0.0.1:*").build(),
				(request) -> {
					String body = request.body().frameAsString(0);
					if (body.equals("slow")) {
						slowReply.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
						return ZmqMessage.of("late");
					}
					if (body.startsWith("{")) {
						return request.body();
					}
					return ZmqMessage.of(body.toUpperCase());
				});
	}

	@AfterAll
	static void stopServer() {
		peers.close();
	}

	private static String serverEndpoint() {
		return "tcp://127.0.0.1:" + server.boundPort();
	}

	@Nested
	class Send {

		@Test
		void sendsConvertedPayloadsRawFramesAndMessagesOnPush() {
			contextRunner.withPropertyValues("zmq.sockets.tasks.type=PUSH", "zmq.sockets.tasks.bind=tcp://127.0.0.1:*")
				.run((context) -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					int port = context.getBean(ZmqSockets.class).sender("tasks").boundPort();
					BlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
					try (ZmqSocket pull = context.getBean(ZmqEngine.class)
						.open(ZmqSocketSpec.builder("pull", SocketType.PULL).connect("tcp://127.0.0.1:" + port).build(),
								received::add)) {
						template.send("tasks", "hello");
						template.send("tasks", "bytes".getBytes(StandardCharsets.UTF_8));
						template.send("tasks", new Point(1, 2));
						template.send("tasks", ZmqMessage.of("a", "b"));
						template.send("tasks", MessageBuilder.withPayload("from message").build());
						template.newMessage("tasks", "timed").withSendTimeout(Duration.ofSeconds(1)).send();
						assertThat(next(received)).isEqualTo(ZmqMessage.of("hello"));
						assertThat(next(received)).isEqualTo(ZmqMessage.of("bytes"));
						assertThat(next(received)).isEqualTo(ZmqMessage.of("{\"x\":1,\"y\":2}"));
						assertThat(next(received)).isEqualTo(ZmqMessage.of("a", "b"));
						assertThat(next(received)).isEqualTo(ZmqMessage.of("from message"));
						assertThat(next(received)).isEqualTo(ZmqMessage.of("timed"));
					}
				});
		}

		@Test
		void publishesTopicAsFrameZeroToAPlainSubscriber() {
			contextRunner.withPropertyValues("zmq.sockets.weather.type=PUB", "zmq.sockets.weather.bind=tcp://127.0.0.1:*")
				.run((context) -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					int port = context.getBean(ZmqSockets.class).sender("weather").boundPort();
					BlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
					try (ZmqSocket sub = context.getBean(ZmqEngine.class)
						.open(ZmqSocketSpec.builder("sub", SocketType.SUB)
							.connect("tcp://127.0.0.1:" + port)
							.subscribe("10001")
							.build(), received::add)) {
						// a subscription reaches the publisher asynchronously: publish until one arrives
						await().atMost(WAIT).until(() -> {
							template.send("weather", "10001", "warm");
							return !received.isEmpty();
						});
						assertThat(received.poll()).isEqualTo(ZmqMessage.of("10001", "warm"));
						template.send("weather", "10001", "fence");
						while (!next(received).equals(ZmqMessage.of("10001", "fence"))) {
							// the messages published while the subscription was on its way
						}
						template.send("weather", "99999", "not for us");
						template.send("weather", MessageBuilder.withPayload("10001 23 45").build());
						template.send("weather", MessageBuilder.withPayload("cold").setHeader(ZmqHeaders.TOPIC, "10001").build());
						template.newMessage("weather", ZmqMessage.of("a", "b")).withTopic("10001").send();
						assertThat(next(received)).isEqualTo(ZmqMessage.of("10001 23 45"));
						assertThat(next(received)).isEqualTo(ZmqMessage.of("10001", "cold"));
						assertThat(next(received)).isEqualTo(ZmqMessage.of("10001", "a", "b"));
					}
				});
		}

		@Test
		void routerSendsPlainAndFramedPayloadsToThePeerNamedByWithRoutingId() {
			contextRunner.withPropertyValues("zmq.sockets.router.type=ROUTER", "zmq.sockets.router.bind=tcp://127.0.0.1:*")
				.run((context) -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					int port = context.getBean(ZmqSockets.class).sender("router").boundPort();
					BlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
					try (ZmqSocket dealer = context.getBean(ZmqEngine.class)
						.open(ZmqSocketSpec.builder("dealer", SocketType.DEALER)
							.connect("tcp://127.0.0.1:" + port)
							.routingId("peer-1")
							.build(), received::add)) {
						// the ROUTER knows the peer once it connected: say hello first
						dealer.send(ZmqMessage.of("hello"));
						await().atMost(WAIT).ignoreExceptions().until(() -> {
							template.newMessage("router", "plain").withRoutingId("peer-1".getBytes(StandardCharsets.UTF_8))
								.withSendTimeout(Duration.ZERO)
								.send();
							return !received.isEmpty();
						});
						assertThat(received.poll()).isEqualTo(ZmqMessage.of("plain"));
						template.newMessage("router", ZmqMessage.of("a", "b"))
							.withRoutingId("peer-1".getBytes(StandardCharsets.UTF_8))
							.send();
						ZmqMessage next = next(received);
						while (next.equals(ZmqMessage.of("plain"))) {
							next = next(received);
						}
						assertThat(next).isEqualTo(ZmqMessage.of("a", "b"));
					}
				});
		}

		@Test
		void wrongUsesFailWithMessagesNamingTheSocket() {
			contextRunner
				.withPropertyValues("zmq.sockets.tasks.type=PUSH", "zmq.sockets.tasks.connect=tcp://127.0.0.1:5999",
						"zmq.sockets.in.type=PULL", "zmq.sockets.in.bind=tcp://127.0.0.1:*")
				.run((context) -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					assertThatIllegalArgumentException().isThrownBy(() -> template.send("nope", "x"))
						.withMessageContaining("No socket named 'nope'")
						.withMessageContaining("zmq.sockets.nope");
					assertThatIllegalArgumentException().isThrownBy(() -> template.send("in", "x"))
						.withMessageContaining("'in' is a PULL socket, which cannot send");
					assertThatIllegalArgumentException().isThrownBy(() -> template.send("tasks", "topic", "x"))
						.withMessageContaining("'tasks' is a PUSH socket: a topic is sent as frame 0 on PUB and XPUB");
					assertThatIllegalArgumentException()
						.isThrownBy(() -> template.send("tasks",
								MessageBuilder.withPayload("x").setHeader(ZmqHeaders.TOPIC, "orders").build()))
						.withMessageContaining("'tasks' is a PUSH socket: a topic is sent as frame 0 on PUB and XPUB");
					assertThatIllegalArgumentException().isThrownBy(() -> template.request("tasks", "x", String.class))
						.withMessageContaining("'tasks' is a PUSH socket: requests go out on REQ or DEALER sockets");
				});
		}

		@Test
		void withoutJacksonAnObjectPayloadFailsWithAMessageSayingWhatToDo() {
			contextRunner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
				.withPropertyValues("zmq.sockets.tasks.type=PUSH", "zmq.sockets.tasks.connect=tcp://127.0.0.1:5999")
				.run((context) -> assertThatExceptionOfType(MessageConversionException.class)
					.isThrownBy(() -> context.getBean(ZmqTemplate.class).send("tasks", new Point(1, 2)))
					.withMessageContaining("socket 'tasks': no message converter turns a " + Point.class.getName()
							+ " into bytes; send byte[], String or a ZmqMessage, or add Jackson"));
		}

	}

	@Nested
	class Request {

		@Test
		void requestsOnADealerAgainstAnEngineRepServer() {
			contextRunner.withPropertyValues("zmq.sockets.echo.type=DEALER", "zmq.sockets.echo.connect=" + serverEndpoint())
				.run((context) -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					assertThat(template.request("echo", "hello", String.class)).isEqualTo("HELLO");
					assertThat(template.request("echo", new Point(3, 4), Point.class, WAIT)).isEqualTo(new Point(3, 4));
					assertThat(template.request("echo", ZmqMessage.of("raw"), ZmqMessage.class))
						.isEqualTo(ZmqMessage.of("RAW"));
					assertThat(template.requestAsync("echo", "async", String.class).get(WAIT.toSeconds(), TimeUnit.SECONDS))
						.isEqualTo("ASYNC");
					assertThat(template.newMessage("echo", "built").withReplyTimeout(WAIT).request(String.class))
						.isEqualTo("BUILT");
				});
		}

		@Test
		void requestsOnAReqSocket() {
			contextRunner.withPropertyValues("zmq.sockets.echo.type=REQ", "zmq.sockets.echo.connect=" + serverEndpoint())
				.run((context) -> assertThat(context.getBean(ZmqTemplate.class).request("echo", "req", String.class))
					.isEqualTo("REQ"));
		}

		@Test
		void manyThreadsShareOneTemplate() {
			contextRunner.withPropertyValues("zmq.sockets.echo.type=DEALER", "zmq.sockets.echo.connect=" + serverEndpoint())
				.run((context) -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					ExecutorService executor = Executors.newFixedThreadPool(8);
					try {
						List<CompletableFuture<String>> replies = new java.util.ArrayList<>();
						for (int i = 0; i < 200; i++) {
							String body = "m" + i;
							replies.add(CompletableFuture.supplyAsync(() -> template.request("echo", body, String.class),
									executor));
						}
						for (int i = 0; i < 200; i++) {
							assertThat(replies.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("M" + i);
						}
					}
					finally {
						executor.shutdown();
					}
				});
		}

		@Test
		void timeoutThrowsTheTypedExceptionAndTheNextRequestSucceeds() {
			slowReply = new CountDownLatch(1);
			contextRunner.withPropertyValues("zmq.sockets.echo.type=DEALER", "zmq.sockets.echo.connect=" + serverEndpoint(),
					"zmq.template.request-timeout=200ms")
				.run((context) -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					assertThatExceptionOfType(ZmqRequestTimeoutException.class)
						.isThrownBy(() -> template.request("echo", "slow", String.class))
						.satisfies((ex) -> {
							assertThat(ex.getSocketName()).isEqualTo("echo");
							assertThat(ex.getTimeout()).isEqualTo(Duration.ofMillis(200));
						});
					slowReply.countDown();
					assertThat(template.request("echo", "next", String.class, WAIT)).isEqualTo("NEXT");
				});
		}

		@Test
		void asyncTimeoutCompletesTheFutureWithTheTypedException() {
			slowReply = new CountDownLatch(1);
			contextRunner.withPropertyValues("zmq.sockets.echo.type=DEALER", "zmq.sockets.echo.connect=" + serverEndpoint())
				.run((context) -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					CompletableFuture<String> reply = template.requestAsync("echo", "slow", String.class,
							Duration.ofMillis(200));
					assertThat(reply).failsWithin(WAIT)
						.withThrowableOfType(java.util.concurrent.ExecutionException.class)
						.withCauseInstanceOf(ZmqRequestTimeoutException.class);
					slowReply.countDown();
					assertThat(template.requestAsync("echo", "again", String.class, WAIT).get(WAIT.toSeconds(),
							TimeUnit.SECONDS)).isEqualTo("AGAIN");
				});
		}

	}

	static ZmqMessage next(BlockingQueue<ZmqMessage> queue) throws InterruptedException {
		ZmqMessage message = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(message).as("a message within %s", WAIT).isNotNull();
		return message;
	}

	record Point(int x, int y) {
	}

}
