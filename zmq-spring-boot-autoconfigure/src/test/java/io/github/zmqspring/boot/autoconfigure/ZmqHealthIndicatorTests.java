package io.github.zmqspring.boot.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.ZmqComponentHealth;
import io.github.zmqspring.support.ZmqHealthReporter;
import io.github.zmqspring.support.ZmqSockets;

import static org.assertj.core.api.Assertions.assertThat;

class ZmqHealthIndicatorTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqHealthAutoConfiguration.class));

	@Test
	void upWithEverySocketsTypeStateAndEndpoints() {
		contextRunner
			.withPropertyValues("zmq.sockets.feed.type=PUB", "zmq.sockets.feed.bind=tcp://127.0.0.1:*",
					"zmq.sockets.echo.type=DEALER", "zmq.sockets.echo.connect=tcp://127.0.0.1:5999")
			.run((context) -> {
				int port = context.getBean(ZmqSockets.class).sender("feed").boundPort();
				try (ZmqSocket other = context.getBean(ZmqEngine.class)
					.open(ZmqSocketSpec.builder("listener-socket", SocketType.PULL).bind("inproc://jobs").build(),
							(message) -> {
							})) {
					Health health = context.getBean(ZmqHealthIndicator.class).health(true);
					assertThat(health.getStatus()).isEqualTo(Status.UP);
					Map<String, Object> sockets = group(health, "sockets");
					assertThat(sockets.get("feed")).isEqualTo(Map.of("status", "UP", "type", "PUB", "state", "RUNNING",
							"bound", List.of("tcp://127.0.0.1:" + port), "connected", List.of()));
					assertThat(sockets.get("echo")).isEqualTo(Map.of("status", "UP", "type", "DEALER", "state",
							"NOT_OPENED", "bound", List.of(), "connected", List.of(), "bind", List.of(), "connect",
							List.of("tcp://127.0.0.1:5999")));
					assertThat(sockets.get("listener-socket")).asInstanceOf(
							org.assertj.core.api.InstanceOfAssertFactories.MAP)
						.containsEntry("state", "RUNNING")
						.containsEntry("bound", List.of("inproc://jobs"));
				}
			});
	}

	@Test
	void downWithTheReasonWhenABindAddressIsTaken() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			String endpoint = "tcp://127.0.0.1:" + taken.getLocalPort();
			contextRunner
				.withPropertyValues("zmq.engine.fail-fast=false", "zmq.sockets.feed.type=PUB",
						"zmq.sockets.feed.bind=" + endpoint, "zmq.sockets.ok.type=PUSH",
						"zmq.sockets.ok.bind=tcp://127.0.0.1:*")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					Health health = context.getBean(ZmqHealthIndicator.class).health(true);
					assertThat(health.getStatus()).isEqualTo(Status.DOWN);
					Map<String, Object> sockets = group(health, "sockets");
					assertThat(sockets.get("feed")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
						.containsEntry("status", "DOWN")
						.containsEntry("state", "FAILED")
						.containsEntry("bound", List.of())
						.containsEntry("bind", List.of(endpoint))
						.hasEntrySatisfying("error", (error) -> assertThat((String) error).contains("cannot bind " + endpoint)
							.contains("address already in use"));
					assertThat(sockets.get("ok")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
						.containsEntry("status", "UP");
				});
		}
	}

	@Test
	void failFastFailsStartUpNamingTheSocketAndEndpointWhenABindAddressIsTaken() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			String endpoint = "tcp://127.0.0.1:" + taken.getLocalPort();
			contextRunner.withPropertyValues("zmq.sockets.feed.type=PUB", "zmq.sockets.feed.bind=" + endpoint)
				.run((context) -> {
					assertThat(context).hasFailed();
					StringBuilder messages = new StringBuilder();
					for (Throwable ex = context.getStartupFailure(); ex != null; ex = ex.getCause()) {
						messages.append(ex.getMessage()).append('\n');
					}
					assertThat(messages).contains("zmq.sockets.feed: the PUB socket could not be opened (bind=["
							+ endpoint + "]");
				});
		}
	}

	@Test
	void reportersContributeTheirComponents() {
		contextRunner.withBean("listenerRegistry", ZmqHealthReporter.class, () -> new ZmqHealthReporter() {

			@Override
			public List<ZmqComponentHealth> health() {
				return List.of(ZmqComponentHealth.up("ok", Map.of("state", "RUNNING")),
						ZmqComponentHealth.down("broken", "container died", Map.of("state", "FAILED")));
			}

			@Override
			public String group() {
				return "listeners";
			}

		}).run((context) -> {
			Health health = context.getBean(ZmqHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(group(health, "listeners")).containsEntry("ok", Map.of("status", "UP", "state", "RUNNING"))
				.containsEntry("broken", Map.of("status", "DOWN", "state", "FAILED", "error", "container died"));
		});
	}

	@Test
	void downOnceTheEngineIsClosed() {
		contextRunner.run((context) -> {
			context.getBean(ZmqEngine.class).close();
			Health health = context.getBean(ZmqHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("error", "engine 'zmq' is closed");
		});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> group(Health health, String name) {
		return (Map<String, Object>) health.getDetails().get(name);
	}

}
