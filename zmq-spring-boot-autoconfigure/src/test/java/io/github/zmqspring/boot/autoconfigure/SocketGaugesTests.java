package io.github.zmqspring.boot.autoconfigure;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.ZmqSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code zmq.socket.peers} and {@code zmq.socket.queued} gauges of a named socket follow its connections.
 */
class SocketGaugesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	@Test
	void aNamedSocketsGaugesCountItsConnectedPeersAndItsQueue() {
		this.contextRunner.withPropertyValues("zmq.sockets.feed.type=PUB", "zmq.sockets.feed.bind=tcp://127.0.0.1:*")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				int port = context.getBean(ZmqSockets.class).sender("feed").boundPort();
				assertThat(registry.get("zmq.socket.peers").tag("socket", "feed").gauge().value()).isZero();
				assertThat(registry.get("zmq.socket.queued").tag("socket", "feed").gauge().value()).isZero();
				try (ZmqEngine peers = ZmqEngine.builder().name("gauge-peers").build()) {
					ZmqSocket sub = peers.open(ZmqSocketSpec.builder("sub", SocketType.SUB)
						.connect("tcp://127.0.0.1:" + port)
						.subscribe("")
						.build(), (message) -> {
						});
					await().atMost(Duration.ofSeconds(10))
						.until(() -> registry.get("zmq.socket.peers").tag("socket", "feed").gauge().value() == 1.0);
					sub.close();
					await().atMost(Duration.ofSeconds(10))
						.until(() -> registry.get("zmq.socket.peers").tag("socket", "feed").gauge().value() == 0.0);
				}
			});
	}

}
