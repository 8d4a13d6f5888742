package io.github.zmqspring.boot.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.boot.actuate.ZmqHealthContributor;
import io.github.zmqspring.config.ZmqListenerEndpointRegistry;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.ZmqComponentHealth;
import io.github.zmqspring.support.ZmqHealthReporter;
import io.github.zmqspring.support.ZmqSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The {@code zmq} health contributor: one entry per socket and listener, each with its own status and details.
 */
class ZmqHealthContributorTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class,
				ZmqHealthAutoConfiguration.class));

	@Nested
	class Sockets {

		@Test
		void eachSocketIsAnEntryWithItsTypeStateAndEndpoints() {
			contextRunner
				.withPropertyValues("zmq.sockets.feed.type=PUB", "zmq.sockets.feed.bind=tcp://127.0.0.1:*",
						"zmq.sockets.echo.type=DEALER", "zmq.sockets.echo.connect=tcp://127.0.0.1:5999")
				.run((context) -> {
					int port = context.getBean(ZmqSockets.class).sender("feed").boundPort();
					try (ZmqSocket other = context.getBean(ZmqEngine.class)
						.open(ZmqSocketSpec.builder("adapter-socket", SocketType.PULL).bind("inproc://jobs").build(),
								(message) -> {
								})) {
						assertThat(names(context)).containsExactly("feed", "echo", "adapter-socket");
						Health feed = health(context, "feed");
						assertThat(feed.getStatus()).isEqualTo(Status.UP);
						assertThat(feed.getDetails()).isEqualTo(Map.of("type", "PUB", "state", "RUNNING", "bound",
								List.of("tcp://127.0.0.1:" + port), "connected", List.of()));
						assertThat(health(context, "echo").getDetails()).isEqualTo(Map.of("type", "DEALER", "state",
								"NOT_OPENED", "bound", List.of(), "connected", List.of(), "bind", List.of(), "connect",
								List.of("tcp://127.0.0.1:5999")));
						assertThat(health(context, "adapter-socket").getDetails()).containsEntry("state", "RUNNING")
							.containsEntry("bound", List.of("inproc://jobs"));
					}
				});
		}

		@Test
		void aSocketThatCannotBindIsDownWithTheReasonAndIsBoundToNothing() throws IOException {
			try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
				String endpoint = "tcp://127.0.0.1:" + taken.getLocalPort();
				contextRunner
					.withPropertyValues("zmq.engine.fail-fast=false", "zmq.sockets.feed.type=PUB",
							"zmq.sockets.feed.bind=" + endpoint, "zmq.sockets.ok.type=PUSH",
							"zmq.sockets.ok.bind=tcp://127.0.0.1:*")
					.run((context) -> {
						assertThat(context).hasNotFailed();
						Health feed = health(context, "feed");
						assertThat(feed.getStatus()).isEqualTo(Status.DOWN);
						assertThat(feed.getDetails()).containsEntry("state", "FAILED")
							.containsEntry("bound", List.of())
							.containsEntry("bind", List.of(endpoint))
							.hasEntrySatisfying("error", (error) -> assertThat((String) error)
								.contains("cannot bind " + endpoint)
								.contains("address already in use"));
						assertThat(health(context, "ok").getStatus()).isEqualTo(Status.UP);
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
		void everyEntryIsDownOnceTheEngineIsClosed() {
			contextRunner.withPropertyValues("zmq.sockets.feed.type=PUB", "zmq.sockets.feed.bind=inproc://feed")
				.run((context) -> {
					context.getBean(ZmqEngine.class).close();
					Health feed = health(context, "feed");
					assertThat(feed.getStatus()).isEqualTo(Status.DOWN);
					assertThat(feed.getDetails()).containsEntry("error", "engine 'zmq' is closed");
				});
		}

		@Test
		void anUnknownNameHasNoEntry() {
			contextRunner.withPropertyValues("zmq.sockets.feed.type=PUB", "zmq.sockets.feed.bind=inproc://feed")
				.run((context) -> assertThat(context.getBean(ZmqHealthContributor.class).getContributor("nope"))
					.isNull());
		}

	}

	@Nested
	class Listeners {

		@Test
		void aListenerIsAnEntryThatShowsItsSocketInsteadOfASecondEntry() {
			contextRunner.withUserConfiguration(TwoListeners.class)
				.withPropertyValues("zmq.sockets.orders.type=PULL", "zmq.sockets.orders.bind=tcp://127.0.0.1:*")
				.run((context) -> {
					// 'jobs' listens on its own socket 'jobs'; 'ordersListener' on the declared socket 'orders'
					assertThat(names(context)).containsExactlyInAnyOrder("jobs", "ordersListener", "orders");
					Health jobs = health(context, "jobs");
					assertThat(jobs.getStatus()).isEqualTo(Status.UP);
					assertThat(jobs.getDetails()).containsEntry("type", "PULL")
						.containsEntry("socket", "jobs")
						.containsEntry("state", "STARTED")
						.containsEntry("bound", List.of("inproc://health-jobs"))
						.containsEntry("conversionErrors", 0L)
						.containsEntry("listenerErrors", 0L);
					assertThat(health(context, "ordersListener").getDetails()).containsEntry("socket", "orders")
						.hasEntrySatisfying("bound", (bound) -> assertThat(bound)
							.asInstanceOf(InstanceOfAssertFactories.LIST)
							.singleElement()
							.asString()
							.startsWith("tcp://127.0.0.1:"));
					assertThat(health(context, "orders").getDetails()).containsEntry("state", "RUNNING");
				});
		}

		@Test
		void aListenerThatCannotBindIsDownAndBoundToNothing() throws IOException {
			try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
				String endpoint = "tcp://127.0.0.1:" + taken.getLocalPort();
				contextRunner.withUserConfiguration(LateListener.class)
					.withPropertyValues("test.endpoint=" + endpoint)
					.run((context) -> {
						ZmqListenerEndpointRegistry registry = context.getBean(ZmqListenerEndpointRegistry.class);
						assertThat(health(context, "late").getStatus()).isEqualTo(Status.UP);
						assertThatIllegalStateException().isThrownBy(() -> registry.startListenerContainer("late"));
						Health late = health(context, "late");
						assertThat(late.getStatus()).isEqualTo(Status.DOWN);
						assertThat(late.getDetails()).containsEntry("state", "FAILED")
							.containsEntry("bound", List.of())
							.hasEntrySatisfying("error", (error) -> assertThat((String) error)
								.contains("cannot bind " + endpoint));
					});
			}
		}

	}

	@Test
	void reportersContributeTheirComponents() {
		contextRunner.withBean("custom", ZmqHealthReporter.class, () -> () -> List.of(
				ZmqComponentHealth.up("ok", Map.of("state", "RUNNING")),
				ZmqComponentHealth.down("broken", "container died", Map.of("state", "FAILED"))))
			.run((context) -> {
				assertThat(health(context, "ok").getStatus()).isEqualTo(Status.UP);
				Health broken = health(context, "broken");
				assertThat(broken.getStatus()).isEqualTo(Status.DOWN);
				assertThat(broken.getDetails()).isEqualTo(Map.of("state", "FAILED", "error", "container died"));
			});
	}

	@Test
	void aNameAlreadyTakenGetsASuffix() {
		contextRunner.withPropertyValues("zmq.sockets.feed.type=PUB", "zmq.sockets.feed.bind=inproc://feed")
			.withBean("custom", ZmqHealthReporter.class,
					() -> () -> List.of(ZmqComponentHealth.up("feed", Map.of("state", "RUNNING"))))
			.run((context) -> {
				assertThat(names(context)).containsExactly("feed", "feed-2");
				assertThat(health(context, "feed").getDetails()).containsEntry("type", "PUB");
				assertThat(health(context, "feed-2").getDetails()).isEqualTo(Map.of("state", "RUNNING"));
			});
	}

	private static List<String> names(AssertableApplicationContext context) {
		return context.getBean(ZmqHealthContributor.class).stream().map(HealthContributors.Entry::name).toList();
	}

	private static Health health(AssertableApplicationContext context, String name) {
		HealthIndicator indicator = (HealthIndicator) context.getBean(ZmqHealthContributor.class).getContributor(name);
		assertThat(indicator).as("zmq/%s", name).isNotNull();
		return indicator.health(true);
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoListeners {

		@ZmqListener(id = "jobs", type = SocketType.PULL, bind = "inproc://health-jobs")
		void jobs(String job) {
		}

		@ZmqListener(id = "ordersListener", socket = "orders")
		void orders(String order) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LateListener {

		@Bean
		LateListenerBean lateListenerBean() {
			return new LateListenerBean();
		}

	}

	static class LateListenerBean {

		@ZmqListener(id = "late", type = SocketType.PULL, bind = "${test.endpoint}", autoStartup = "false")
		void late(String message) {
		}

	}

}
