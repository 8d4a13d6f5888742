package io.github.zmqspring.boot.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;
import tools.jackson.databind.json.JsonMapper;

import io.github.zmqspring.boot.actuate.ZmqHealthContributor;
import io.github.zmqspring.core.SocketState;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.listener.DefaultZmqListenerContainer;
import io.github.zmqspring.support.DefaultZmqMessageMapper;
import io.github.zmqspring.support.ZmqMessageConverter;
import io.github.zmqspring.support.ZmqMessageMapper;
import io.github.zmqspring.support.ZmqMetrics;
import io.github.zmqspring.support.ZmqSocketRegistry;
import io.github.zmqspring.support.ZmqSocketSpecFactory;
import io.github.zmqspring.support.ZmqSockets;
import io.github.zmqspring.template.ZmqOperations;
import io.github.zmqspring.template.ZmqTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class ZmqAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqMetricsAutoConfiguration.class,
				ZmqHealthAutoConfiguration.class, JacksonAutoConfiguration.class));

	@Nested
	class Beans {

		@Test
		void createsEveryBeanWithTheStarterAlone() {
			contextRunner.run((context) -> {
				assertThat(context).hasSingleBean(ZmqEngine.class)
					.hasSingleBean(ZmqProperties.class)
					.hasSingleBean(ZmqSocketSpecFactory.class)
					.hasSingleBean(ZmqSockets.class)
					.hasSingleBean(ZmqMessageMapper.class)
					.hasSingleBean(ZmqMessageConverter.class)
					.hasSingleBean(ZmqTemplate.class)
					.hasSingleBean(ZmqHealthContributor.class)
					.doesNotHaveBean(ZmqMetrics.class);
				assertThat(context.getBean(ZmqMessageMapper.class)).isInstanceOf(DefaultZmqMessageMapper.class);
				assertThat(context.getBean(ZmqSockets.class).isRunning()).isTrue();
			});
		}

		@Test
		void closingTheContextClosesTheNamedSocketsBeforeTheEngineAndAfterTheContainers() {
			AtomicReference<ZmqSocket> feed = new AtomicReference<>();
			AtomicReference<ZmqEngine> engine = new AtomicReference<>();
			contextRunner.withPropertyValues("zmq.sockets.feed.type=PUB", "zmq.sockets.feed.bind=tcp://127.0.0.1:*")
				.run((context) -> {
					feed.set(context.getBean(ZmqSocketRegistry.class).sender("feed"));
					engine.set(context.getBean(ZmqEngine.class));
					assertThat(feed.get().state()).isEqualTo(SocketState.RUNNING);
					assertThat(context.getBean(ZmqSockets.class).getPhase())
						.isLessThan(DefaultZmqListenerContainer.DEFAULT_PHASE);
				});
			assertThat(feed.get().state()).isEqualTo(SocketState.CLOSED);
			assertThat(engine.get().isClosed()).isTrue();
		}

		@Test
		void converterHandlesBytesStringsAndJsonWithBootsJsonMapper() {
			contextRunner.run((context) -> {
				ZmqMessageConverter converter = context.getBean(ZmqMessageConverter.class);
				assertThat(converter.getConverters()).hasExactlyElementsOfTypes(ByteArrayMessageConverter.class,
						StringMessageConverter.class, JacksonJsonMessageConverter.class);
				Point point = converter.fromBytes(
						converter.toBytes(new Point(1, 2), Map.of(), "s").getPayload(), Point.class, "s");
				assertThat(point).isEqualTo(new Point(1, 2));
				assertThat(new String(converter.toBytes("héllo", Map.of(), "s").getPayload(),
						StandardCharsets.UTF_8)).isEqualTo("héllo");
			});
		}

		@Test
		void engineClosesWhenTheContextCloses() {
			AtomicReference<ZmqEngine> engine = new AtomicReference<>();
			contextRunner.run((context) -> engine.set(context.getBean(ZmqEngine.class)));
			assertThat(engine.get().isClosed()).isTrue();
		}

		@Test
		void templateTakesItsTimeoutsFromProperties() {
			contextRunner.withPropertyValues("zmq.template.request-timeout=750ms", "zmq.template.send-timeout=20ms")
				.run((context) -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					assertThat(template.getDefaultRequestTimeout()).isEqualTo(Duration.ofMillis(750));
					assertThat(template.getDefaultSendTimeout()).isEqualTo(Duration.ofMillis(20));
				});
		}

	}

	@Nested
	class BackOff {

		@Test
		void whenUserDefinesAnEngineAutoConfigurationBacksOff() {
			contextRunner.withBean("myEngine", ZmqEngine.class, () -> ZmqEngine.builder().name("mine").build())
				.run((context) -> assertThat(context).getBean(ZmqEngine.class)
					.satisfies((engine) -> assertThat(engine.name()).isEqualTo("mine")));
		}

		@Test
		void whenUserDefinesOperationsTemplateBacksOff() {
			contextRunner.withUserConfiguration(UserTemplateConfiguration.class)
				.run((context) -> assertThat(context).hasSingleBean(ZmqOperations.class).hasBean("myTemplate"));
		}

		@Test
		void whenUserDefinesAConverterAutoConfigurationBacksOff() {
			ZmqMessageConverter mine = ZmqMessageConverter.withoutJson();
			contextRunner.withBean(ZmqMessageConverter.class, () -> mine)
				.run((context) -> assertThat(context.getBean(ZmqMessageConverter.class)).isSameAs(mine));
		}

		@Test
		void whenUserDefinesAMapperAutoConfigurationBacksOff() {
			ZmqMessageMapper mine = new DefaultZmqMessageMapper() {
			};
			contextRunner.withBean(ZmqMessageMapper.class, () -> mine)
				.run((context) -> assertThat(context.getBean(ZmqMessageMapper.class)).isSameAs(mine));
		}

		@Test
		void whenUserDefinesASpecFactoryItBuildsTheNamedSockets() {
			ZmqSocketSpecFactory mine = (name, type, configurer) -> {
				ZmqSocketSpec.Builder builder = ZmqSocketSpec.builder(name, type).linger(Duration.ofMillis(42));
				configurer.accept(builder);
				return builder.build();
			};
			contextRunner.withBean(ZmqSocketSpecFactory.class, () -> mine)
				.withPropertyValues("zmq.sockets.out.type=DEALER", "zmq.sockets.out.connect=tcp://127.0.0.1:5999")
				.run((context) -> {
					assertThat(context.getBean(ZmqSocketSpecFactory.class)).isSameAs(mine);
					assertThat(context.getBean(ZmqSockets.class).spec("out").linger()).isEqualTo(Duration.ofMillis(42));
				});
		}

		@Test
		void whenUserDefinesSocketsAutoConfigurationBacksOff() {
			contextRunner.withUserConfiguration(UserSocketsConfiguration.class)
				.run((context) -> assertThat(context).hasSingleBean(ZmqSockets.class).hasBean("mySockets"));
		}

		@Test
		void whenUserDefinesMetricsAutoConfigurationBacksOff() {
			ZmqMetrics mine = new ZmqMetrics() {
			};
			contextRunner.withBean(SimpleMeterRegistry.class).withBean(ZmqMetrics.class, () -> mine)
				.run((context) -> assertThat(context).hasSingleBean(ZmqMetrics.class)
					.doesNotHaveBean(ZmqMicrometerMetrics.class));
		}

		@Test
		void whenUserDefinesAHealthIndicatorNamedZmqAutoConfigurationBacksOff() {
			contextRunner.withBean("zmqHealthIndicator", HealthIndicator.class, () -> () -> null)
				.run((context) -> assertThat(context).doesNotHaveBean(ZmqHealthContributor.class));
		}

		@Test
		void whenUserDefinesAHealthContributorNamedZmqAutoConfigurationBacksOff() {
			contextRunner.withBean("zmqHealthContributor", HealthIndicator.class, () -> () -> null)
				.run((context) -> assertThat(context).doesNotHaveBean(ZmqHealthContributor.class));
		}

	}

	@Nested
	class Conditions {

		@Test
		void withAMeterRegistryMetricsAreConfigured() {
			contextRunner.withBean(SimpleMeterRegistry.class)
				.run((context) -> assertThat(context).hasSingleBean(ZmqMicrometerMetrics.class));
		}

		@Test
		void withoutMicrometerThereAreNoMetrics() {
			contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
				.run((context) -> assertThat(context).hasNotFailed()
					.doesNotHaveBean(ZmqMetrics.class)
					.hasSingleBean(ZmqTemplate.class));
		}

		@Test
		void withoutHealthSupportThereIsNoHealthIndicator() {
			contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
				.run((context) -> assertThat(context).hasNotFailed()
					.doesNotHaveBean(ZmqHealthContributor.class)
					.hasSingleBean(ZmqTemplate.class));
		}

		@Test
		void healthIndicatorCanBeDisabled() {
			contextRunner.withPropertyValues("management.health.zmq.enabled=false")
				.run((context) -> assertThat(context).doesNotHaveBean(ZmqHealthContributor.class));
		}

		@Test
		void withoutJacksonTheConverterHandlesBytesAndStrings() {
			contextRunner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(ZmqMessageConverter.class).getConverters())
						.hasExactlyElementsOfTypes(ByteArrayMessageConverter.class, StringMessageConverter.class);
				});
		}

	}

	@Nested
	class Customizers {

		@Test
		void engineCustomizersApplyInOrder() {
			contextRunner.withBean("second", ZmqEngineCustomizer.class, () -> new NamingCustomizer("second"))
				.withBean("first", ZmqEngineCustomizer.class, () -> new FirstNamingCustomizer())
				.run((context) -> assertThat(context.getBean(ZmqEngine.class).name()).isEqualTo("second"));
		}

		@Test
		void specCustomizersApplyToNamedSocketsAndFactorySockets() {
			contextRunner
				.withBean(ZmqSocketSpecCustomizer.class,
						() -> (name, type, builder) -> builder.sendHighWaterMark(name.length()))
				.withPropertyValues("zmq.sockets.abc.type=PUSH", "zmq.sockets.abc.connect=tcp://127.0.0.1:5999")
				.run((context) -> {
					assertThat(context.getBean(ZmqSockets.class).spec("abc").sendHighWaterMark()).isEqualTo(3);
					ZmqSocketSpec spec = context.getBean(ZmqSocketSpecFactory.class)
						.create("abcdef", SocketType.PULL, (builder) -> builder.bind("inproc://x"));
					assertThat(spec.sendHighWaterMark()).isEqualTo(6);
				});
		}

		@Test
		void templateCustomizersApply() {
			contextRunner
				.withBean(ZmqTemplateCustomizer.class,
						() -> (template) -> template.setDefaultRequestTimeout(Duration.ofSeconds(9)))
				.run((context) -> assertThat(context.getBean(ZmqTemplate.class).getDefaultRequestTimeout())
					.isEqualTo(Duration.ofSeconds(9)));
		}

	}

	record Point(int x, int y) {
	}

	@Order(2)
	static class NamingCustomizer implements ZmqEngineCustomizer {

		private final String name;

		NamingCustomizer(String name) {
			this.name = name;
		}

		@Override
		public void customize(ZmqEngine.Builder builder) {
			builder.name(this.name);
		}

	}

	@Order(1)
	static class FirstNamingCustomizer extends NamingCustomizer {

		FirstNamingCustomizer() {
			super("first");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSocketsConfiguration {

		@Bean
		ZmqSockets mySockets(ZmqEngine engine) {
			return new ZmqSockets(engine, Map.of(), true, ZmqMetrics.NONE);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTemplateConfiguration {

		@Bean
		ZmqTemplate myTemplate(ZmqSockets sockets) {
			return new ZmqTemplate(sockets, ZmqMessageConverter.withoutJson(), new DefaultZmqMessageMapper(),
					ZmqMetrics.NONE);
		}

	}

}
