package io.github.zmqspring.test.boot;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

import io.github.zmqspring.boot.autoconfigure.ZmqAutoConfiguration;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqProxy;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.ZmqSocketRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When {@code local.zmq.port.<name>} is there and when it is not, with the auto-configuration alone.
 */
class LocalZmqPortPropertySourceTests {

	private static final String SOURCE = "zmq.ports";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void aSocketOpenedAtStartIsPublishedWithItsActualPortAndBindsAsAMap() {
		this.contextRunner
			.withPropertyValues("zmq.sockets.feed.type=PUB", "zmq.sockets.feed.bind=tcp://127.0.0.1:*")
			.run((context) -> {
				int port = context.getBean(ZmqSocketRegistry.class).sender("feed").boundPort();
				ConfigurableEnvironment environment = context.getEnvironment();
				assertThat(environment.getProperty("local.zmq.port.feed", Integer.class)).isEqualTo(port);
				assertThat(((EnumerablePropertySource<?>) environment.getPropertySources().get(SOURCE))
					.getPropertyNames()).containsExactly("local.zmq.port.feed");
				assertThat(Binder.get(environment).bind("local.zmq.port", Bindable.mapOf(String.class, Integer.class))
					.get()).isEqualTo(Map.of("feed", port));
			});
	}

	@Test
	void aSocketOpenedOnFirstUseIsPublishedFromThen() {
		this.contextRunner
			.withPropertyValues("zmq.sockets.jobs.type=DEALER", "zmq.sockets.jobs.bind=tcp://127.0.0.1:*")
			.run((context) -> {
				ConfigurableEnvironment environment = context.getEnvironment();
				assertThat(environment.containsProperty("local.zmq.port.jobs")).isFalse();
				ZmqSocket jobs = context.getBean(ZmqSocketRegistry.class).sender("jobs");
				assertThat(environment.getProperty("local.zmq.port.jobs", Integer.class)).isEqualTo(jobs.boundPort());
			});
	}

	@Test
	void socketsWithoutATcpBindAreNotPublished(@TempDir Path directory) {
		this.contextRunner
			.withPropertyValues("zmq.sockets.local.type=PUB", "zmq.sockets.local.bind=ipc://" + directory.resolve("s"),
					"zmq.sockets.out.type=PUSH", "zmq.sockets.out.connect=tcp://127.0.0.1:5999")
			.run((context) -> {
				assertThat(context.getBean(ZmqEngine.class).sockets()).hasSize(2);
				assertThat(context.getEnvironment().containsProperty("local.zmq.port.local")).isFalse();
				assertThat(context.getEnvironment().containsProperty("local.zmq.port.out")).isFalse();
				assertThat(((EnumerablePropertySource<?>) context.getEnvironment().getPropertySources().get(SOURCE))
					.getPropertyNames()).isEmpty();
			});
	}

	@Test
	void aProxyPublishesItsFrontendAndBackend() {
		this.contextRunner.run((context) -> {
			ZmqEngine engine = context.getBean(ZmqEngine.class);
			try (ZmqProxy proxy = engine.proxy(
					ZmqSocketSpec.builder("broker", SocketType.ROUTER).bind("tcp://127.0.0.1:*").build(),
					ZmqSocketSpec.builder("workers", SocketType.DEALER).bind("tcp://127.0.0.1:*").build(), null)) {
				ConfigurableEnvironment environment = context.getEnvironment();
				assertThat(environment.getProperty("local.zmq.port.broker.frontend"))
					.isEqualTo(port(proxy.frontendEndpoints().get(0)));
				assertThat(environment.getProperty("local.zmq.port.broker.backend"))
					.isEqualTo(port(proxy.backendEndpoints().get(0)));
			}
			assertThat(context.getEnvironment().containsProperty("local.zmq.port.broker.frontend")).isFalse();
		});
	}

	@Test
	void thePropertiesGoAwayWithTheContext() {
		AtomicReference<ConfigurableEnvironment> environment = new AtomicReference<>();
		this.contextRunner
			.withPropertyValues("zmq.sockets.feed.type=PUB", "zmq.sockets.feed.bind=tcp://127.0.0.1:*")
			.run((context) -> {
				environment.set(context.getEnvironment());
				assertThat(environment.get().getPropertySources().contains(SOURCE)).isTrue();
				assertThat(environment.get().getPropertySources().iterator().next().getName()).isEqualTo(SOURCE);
			});
		assertThat(environment.get().getPropertySources().contains(SOURCE)).isFalse();
		assertThat(environment.get().containsProperty("local.zmq.port.feed")).isFalse();
	}

	private static String port(String endpoint) {
		return endpoint.substring(endpoint.lastIndexOf(':') + 1);
	}

}
