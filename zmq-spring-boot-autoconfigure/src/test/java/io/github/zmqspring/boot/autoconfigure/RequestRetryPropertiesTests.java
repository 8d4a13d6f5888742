package io.github.zmqspring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequestRetriesExhaustedException;
import io.github.zmqspring.core.ZmqRetryPolicy;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.ZmqSockets;
import io.github.zmqspring.template.ZmqTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code request-retry} on a requesting socket: the Lazy Pirate pattern for {@link ZmqTemplate#request}, configured
 * in {@code application.yml}.
 */
class RequestRetryPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	private ZmqEngine peers;

	private ZmqSocket server;

	private final List<String> seen = new CopyOnWriteArrayList<>();

	/** A ROUTER that ignores the first two requests and answers the others, as a REP peer would. */
	@BeforeEach
	void startForgetfulServer() {
		this.peers = ZmqEngine.builder().name("peers").build();
		AtomicInteger count = new AtomicInteger();
		ZmqSocket[] router = new ZmqSocket[1];
		router[0] = this.peers.open(ZmqSocketSpec.builder("forgetful", SocketType.ROUTER).bind("tcp://127.0.0.1:*").build(),
				(message) -> {
					String body = message.frameAsString(message.size() - 1);
					this.seen.add(body);
					if (count.incrementAndGet() > 2) {
						router[0].send(ZmqMessage.of(body.toUpperCase()).withEnvelope(message.envelope()));
					}
				});
		this.server = router[0];
	}

	@AfterEach
	void stopServer() {
		this.peers.close();
	}

	private String serverEndpoint() {
		return "tcp://127.0.0.1:" + this.server.boundPort();
	}

	@Test
	void aSocketsRequestRetryMakesTheTemplateSendAgainUntilAnswered() {
		this.contextRunner
			.withPropertyValues("zmq.sockets.orders.type=DEALER", "zmq.sockets.orders.connect=" + serverEndpoint(),
					"zmq.sockets.orders.request-retry.max-attempts=3", "zmq.sockets.orders.request-retry.backoff=20ms",
					"zmq.sockets.orders.request-retry.backoff-multiplier=2")
			.run((context) -> {
				assertThat(context.getBean(ZmqSockets.class).spec("orders").requestRetry())
					.isEqualTo(ZmqRetryPolicy.attempts(3).withBackoff(Duration.ofMillis(20), 2.0, Duration.ofSeconds(30)));
				String reply = context.getBean(ZmqTemplate.class)
					.request("orders", "order-7", String.class, Duration.ofMillis(300));
				assertThat(reply).isEqualTo("ORDER-7");
				assertThat(this.seen).containsExactly("order-7", "order-7", "order-7");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("zmq.requests.retried").tag("socket", "orders").functionCounter().count())
					.isEqualTo(2.0);
			});
	}

	@Test
	void defaultsApplyToEveryRequesterAndTheLastAttemptFailsWithATypedTimeout() {
		this.contextRunner
			.withPropertyValues("zmq.defaults.request-retry.max-attempts=2", "zmq.sockets.orders.type=DEALER",
					"zmq.sockets.orders.connect=" + serverEndpoint())
			.run((context) -> {
				assertThatExceptionOfType(ZmqRequestRetriesExhaustedException.class)
					.isThrownBy(() -> context.getBean(ZmqTemplate.class)
						.request("orders", "first", String.class, Duration.ofMillis(200)))
					.satisfies((ex) -> assertThat(ex.getAttempts()).isEqualTo(2));
				assertThat(this.seen).containsExactly("first", "first");
			});
	}

	@Test
	void aSocketsOwnGroupReplacesTheDefaultsAsAWhole() {
		this.contextRunner
			.withPropertyValues("zmq.defaults.request-retry.max-attempts=5", "zmq.sockets.once.type=DEALER",
					"zmq.sockets.once.connect=" + serverEndpoint(), "zmq.sockets.once.request-retry.max-attempts=1")
			.run((context) -> assertThat(context.getBean(ZmqSockets.class).spec("once").requestRetry())
				.isEqualTo(ZmqRetryPolicy.none()));
	}

	@Test
	void anInvalidValueFailsStartUpNamingThePropertyAndTheValue() {
		this.contextRunner
			.withPropertyValues("zmq.sockets.orders.type=DEALER", "zmq.sockets.orders.connect=" + serverEndpoint(),
					"zmq.sockets.orders.request-retry.max-attempts=0")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("zmq.sockets.orders.request-retry.max-attempts: '0' must be at least 1"));
		this.contextRunner
			.withPropertyValues("zmq.defaults.request-retry.backoff=2s", "zmq.defaults.request-retry.backoff-max=1s")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("zmq.defaults.request-retry.backoff-max: 'PT1S' must be at least the back-off"));
	}

}
