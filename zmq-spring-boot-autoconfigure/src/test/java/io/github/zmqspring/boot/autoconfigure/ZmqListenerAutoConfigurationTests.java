package io.github.zmqspring.boot.autoconfigure;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.SendTo;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.annotation.ZmqListenerAnnotationBeanPostProcessor;
import io.github.zmqspring.config.DefaultZmqListenerContainerFactory;
import io.github.zmqspring.config.ZmqListenerConfigUtils;
import io.github.zmqspring.config.ZmqListenerEndpointRegistry;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.listener.DefaultZmqListenerContainer;
import io.github.zmqspring.listener.ZmqListenerContainer;
import io.github.zmqspring.listener.ZmqListenerContainerCustomizer;
import io.github.zmqspring.support.ZmqSocketRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Auto-configuration of the {@code @ZmqListener} infrastructure.
 */
class ZmqListenerAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqListenerAutoConfiguration.class));

	private final ApplicationContextRunner withEngine = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class));

	@Nested
	class Beans {

		@Test
		void withAnEngineCreatesTheListenerInfrastructure() {
			withEngine.run((context) -> {
				assertThat(context).hasSingleBean(ZmqListenerAnnotationBeanPostProcessor.class)
					.hasSingleBean(ZmqListenerEndpointRegistry.class)
					.hasBean(ZmqListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME);
				assertThat(context.getBean(ZmqListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME))
					.isInstanceOf(DefaultZmqListenerContainerFactory.class);
			});
		}

		@Test
		void withoutAnEngineBacksOff() {
			runner.run((context) -> assertThat(context).doesNotHaveBean(ZmqListenerEndpointRegistry.class)
				.doesNotHaveBean(ZmqListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME));
		}

		@Test
		void templateSocketsServeNamedListenerSocketsAndSendTo() {
			withEngine.withPropertyValues("zmq.sockets.jobs.type=PULL", "zmq.sockets.jobs.bind=inproc://jobs",
					"zmq.sockets.done.type=PUSH", "zmq.sockets.done.bind=inproc://done")
				.withUserConfiguration(NamedPipeline.class)
				.run((context) -> {
					ZmqListenerContainer container = context.getBean(ZmqListenerEndpointRegistry.class)
						.getListenerContainer("named");
					assertThat(container.getSocketName()).isEqualTo("jobs");
					assertThat(container.isRunning()).isTrue();
					ZmqEngine engine = context.getBean(ZmqEngine.class);
					BlockingQueue<ZmqMessage> forwarded = new LinkedBlockingQueue<>();
					try (ZmqSocket results = engine.open(ZmqSocketSpec.builder("results", SocketType.PULL)
						.connect("inproc://done")
						.build(), forwarded::add);
							ZmqSocket jobs = engine.open(ZmqSocketSpec.builder("feeder", SocketType.PUSH)
								.connect("inproc://jobs")
								.build())) {
						jobs.send(ZmqMessage.of("job 1"));
						await().atMost(Duration.ofSeconds(10)).until(() -> !forwarded.isEmpty());
						assertThat(forwarded.peek().frameAsString(0)).isEqualTo("job 1");
					}
					// the listener's @SendTo socket is the template's: one socket, opened by the one registry
					ZmqSocket forward = context.getBean(ZmqSocketRegistry.class).sender("done");
					assertThat(forward.type()).isEqualTo(SocketType.PUSH);
					assertThat(engine.sockets()).filteredOn((socket) -> socket.name().equals("done"))
						.containsExactly(forward);
				});
		}

		@Test
		void userContainerFactoryWins() {
			withEngine.withBean(ZmqListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME, String.class, () -> "mine")
				.run((context) -> assertThat(context.getBean(ZmqListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME))
					.isEqualTo("mine"));
		}

		@Test
		void listenerPropertiesAndCustomizersApplyToContainers() {
			withEngine.withUserConfiguration(PullListener.class)
				.withPropertyValues("zmq.listener.concurrency=3", "zmq.listener.auto-startup=false")
				.withBean(ZmqListenerContainerCustomizer.class,
						() -> (container) -> container.getContainerProperties().setPhase(42))
				.run((context) -> {
					ZmqListenerContainer container = context.getBean(ZmqListenerEndpointRegistry.class)
						.getListenerContainer("pull");
					assertThat(container).isInstanceOf(DefaultZmqListenerContainer.class);
					assertThat(container.getConcurrency()).isEqualTo(3);
					assertThat(container.isAutoStartup()).isFalse();
					assertThat(container.isRunning()).isFalse();
					assertThat(container.getPhase()).isEqualTo(42);
				});
		}

	}

	@Nested
	class StartupFailures {

		@Test
		void listenerWithoutTypeOrSocketFailsNamingTheListener() {
			withEngine.withUserConfiguration(NoType.class)
				.run((context) -> assertThat(context).getFailure()
					.hasMessageContaining("@ZmqListener 'untyped'")
					.hasMessageContaining("no socket type"));
		}

		@Test
		void unknownNamedSocketFailsNamingTheProperty() {
			withEngine.withUserConfiguration(UnknownSocket.class)
				.run((context) -> assertThat(context).getFailure()
					.hasMessageContaining("socket 'nowhere' is not defined")
					.hasMessageContaining("zmq.sockets.nowhere.type"));
		}

		@Test
		void sendToOnARepListenerFails() {
			withEngine.withUserConfiguration(SendToOnRep.class)
				.run((context) -> assertThat(context).getFailure()
					.hasMessageContaining("its return value is the reply"));
		}

		@Test
		void nonVoidPullListenerWithoutSendToFails() {
			withEngine.withUserConfiguration(LostResult.class)
				.run((context) -> assertThat(context).getFailure()
					.hasMessageContaining("add @SendTo"));
		}

		@Test
		void badConcurrencyPlaceholderFailsNamingTheValue() {
			withEngine.withUserConfiguration(BadConcurrency.class)
				.withPropertyValues("workers=many")
				.run((context) -> assertThat(context).getFailure()
					.hasMessageContaining("concurrency 'many'"));
		}

		@Test
		void bindConflictFailsStartNamingTheSocket() {
			withEngine.withUserConfiguration(TwoOnOnePort.class)
				.run((context) -> assertThat(context).getFailure()
					.hasMessageContaining("internalZmqListenerEndpointRegistry")
					.hasStackTraceContaining("listener 'second': socket 'second'")
					.hasStackTraceContaining("could not be opened"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PullListener {

		@ZmqListener(id = "pull", type = SocketType.PULL, bind = "tcp://127.0.0.1:*")
		void onMessage(String text) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NamedPipeline {

		@ZmqListener(id = "named", socket = "jobs")
		@SendTo("done")
		String onMessage(String text) {
			return text;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NoType {

		@ZmqListener(id = "untyped", bind = "tcp://127.0.0.1:*")
		void onMessage(String text) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownSocket {

		@ZmqListener(id = "named", socket = "nowhere")
		void onMessage(String text) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SendToOnRep {

		@ZmqListener(id = "rep", type = SocketType.REP, bind = "tcp://127.0.0.1:*")
		@SendTo("elsewhere")
		String onMessage(String text) {
			return text;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LostResult {

		@ZmqListener(id = "pull", type = SocketType.PULL, bind = "tcp://127.0.0.1:*")
		String onMessage(String text) {
			return text;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadConcurrency {

		@ZmqListener(id = "pull", type = SocketType.PULL, bind = "tcp://127.0.0.1:*", concurrency = "${workers}")
		void onMessage(String text) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoOnOnePort {

		@ZmqListener(id = "first", type = SocketType.PULL, bind = "inproc://taken")
		@ZmqListener(id = "second", type = SocketType.PULL, bind = "inproc://taken")
		void onMessage(String text) {
		}

	}

}
