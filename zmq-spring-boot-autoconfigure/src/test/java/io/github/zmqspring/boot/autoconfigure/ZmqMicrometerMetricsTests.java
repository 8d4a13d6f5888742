package io.github.zmqspring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequestTimeoutException;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.ZmqMetrics;
import io.github.zmqspring.support.ZmqSockets;
import io.github.zmqspring.template.ZmqTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class ZmqMicrometerMetricsTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	private ZmqEngine peers;

	private ZmqServer server;

	private final CountDownLatch slowReply = new CountDownLatch(1);

	@BeforeEach
	void startServer() {
		this.peers = ZmqEngine.builder().name("peers").build();
		this.server = this.peers.server(ZmqSocketSpec.builder("rep", SocketType.REP).bind("tcp://127.0.0.1:*").build(),
				(request) -> {
					if (request.body().frameAsString(0).equals("slow")) {
						this.slowReply.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
					}
					return request.body();
				});
	}

	@AfterEach
	void stopServer() {
		this.peers.close();
	}

	@Test
	void socketCountersRequestTimerEventsAndConversionErrorsAfterAKnownTrafficPattern() {
		contextRunner
			.withPropertyValues("zmq.sockets.tasks.type=PUSH", "zmq.sockets.tasks.bind=tcp://127.0.0.1:*",
					"zmq.sockets.echo.type=DEALER", "zmq.sockets.echo.connect=tcp://127.0.0.1:" + this.server.boundPort())
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				ZmqMetrics metrics = context.getBean(ZmqMetrics.class);
				int port = context.getBean(ZmqSockets.class).sender("tasks").boundPort();
				BlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
				try (ZmqSocket pull = context.getBean(ZmqEngine.class)
					.open(ZmqSocketSpec.builder("pull", SocketType.PULL).connect("tcp://127.0.0.1:" + port).build(),
							received::add)) {
					metrics.socketOpened(pull);
					template.send("tasks", "one");
					template.send("tasks", "two");
					template.send("tasks", ZmqMessage.of("three", "3"));
					for (int i = 0; i < 3; i++) {
						assertThat(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
					}
					assertThat(count(registry, "zmq.messages.sent", "tasks", "PUSH")).isEqualTo(3);
					assertThat(count(registry, "zmq.bytes.sent", "tasks", "PUSH")).isEqualTo(3 + 3 + 5 + 1);
					assertThat(count(registry, "zmq.messages.received", "pull", "PULL")).isEqualTo(3);
					assertThat(count(registry, "zmq.bytes.received", "pull", "PULL")).isEqualTo(12);
					assertThat(count(registry, "zmq.send.timeouts", "tasks", "PUSH")).isZero();
					assertThat(count(registry, "zmq.messages.dropped", "tasks", "PUSH")).isZero();
				}

				assertThat(template.request("echo", "a", String.class)).isEqualTo("a");
				assertThat(template.request("echo", "b", String.class)).isEqualTo("b");
				assertThatExceptionOfType(ZmqRequestTimeoutException.class)
					.isThrownBy(() -> template.request("echo", "slow", String.class, Duration.ofMillis(100)));
				this.slowReply.countDown();
				assertThat(timer(registry, "echo", "success").count()).isEqualTo(2);
				assertThat(timer(registry, "echo", "timeout").count()).isEqualTo(1);
				await().atMost(WAIT).untilAsserted(
						() -> assertThat(count(registry, "zmq.replies.late", "echo", "DEALER")).isEqualTo(1));
				assertThat(count(registry, "zmq.messages.sent", "echo", "DEALER")).isEqualTo(3);

				await().atMost(WAIT).untilAsserted(() -> assertThat(registry.find("zmq.socket.events")
					.tags("socket", "echo", "type", "DEALER", "event", "connected")
					.counter()).isNotNull());

				metrics.conversionError("pull", SocketType.PULL);
				metrics.conversionError("pull", SocketType.PULL);
				assertThat(registry.get("zmq.conversion.errors").tags("socket", "pull", "type", "PULL").counter().count())
					.isEqualTo(2);
			});
	}

	@Test
	void conversionErrorsAndRequestTimersArePresentBeforeTheFirstErrorOrRequest() {
		contextRunner
			.withPropertyValues("zmq.sockets.tasks.type=PUSH", "zmq.sockets.tasks.bind=tcp://127.0.0.1:*",
					"zmq.sockets.echo.type=DEALER", "zmq.sockets.echo.connect=tcp://127.0.0.1:" + this.server.boundPort())
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				ZmqSockets sockets = context.getBean(ZmqSockets.class);
				sockets.requester("echo");
				try (ZmqSocket pull = context.getBean(ZmqEngine.class)
					.open(ZmqSocketSpec.builder("pull", SocketType.PULL).bind("inproc://pull").build(), (message) -> {
					})) {
					context.getBean(ZmqMetrics.class).socketOpened(pull);
					assertThat(registry.get("zmq.conversion.errors").tags("socket", "pull", "type", "PULL").counter()
						.count()).isZero();
					for (String outcome : List.of("success", "timeout", "error")) {
						assertThat(timer(registry, "echo", outcome).count()).isZero();
					}
					// a socket that never receives has no conversion errors to count
					assertThat(registry.find("zmq.conversion.errors").tags("socket", "tasks").counter()).isNull();
				}
			});
	}

	@Test
	void countersKeepCountingWhenASocketReopensUnderTheSameName() {
		contextRunner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			ZmqEngine engine = context.getBean(ZmqEngine.class);
			ZmqMetrics metrics = context.getBean(ZmqMetrics.class);
			ZmqSocketSpec spec = ZmqSocketSpec.builder("out", SocketType.PUB).bind("tcp://127.0.0.1:*").build();
			for (int round = 0; round < 2; round++) {
				try (ZmqSocket socket = engine.open(spec)) {
					metrics.socketOpened(socket);
					socket.send(ZmqMessage.of("x"));
					await().atMost(WAIT).until(() -> socket.stats().messagesSent() == 1);
				}
			}
			assertThat(count(registry, "zmq.messages.sent", "out", "PUB")).isEqualTo(2);
		});
	}

	private static double count(MeterRegistry registry, String name, String socket, String type) {
		return registry.get(name).tags("socket", socket, "type", type).functionCounter().count();
	}

	private static Timer timer(MeterRegistry registry, String socket, String outcome) {
		return registry.get("zmq.requests").tags("socket", socket, "type", "DEALER", "outcome", outcome).timer();
	}

}
