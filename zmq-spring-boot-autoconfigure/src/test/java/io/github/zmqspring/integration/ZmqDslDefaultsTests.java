package io.github.zmqspring.integration;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

import io.github.zmqspring.boot.autoconfigure.ZmqAutoConfiguration;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqKeyPair;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.integration.dsl.Zmq;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Java DSL adapters in a Boot context: a socket declared by name, type and configurer takes {@code zmq.defaults}
 * (security included) and the payloads convert with Boot's {@code JsonMapper}; a spec built by hand is taken as is,
 * with a warning when it misses the default security.
 */
@ExtendWith(OutputCaptureExtension.class)
class ZmqDslDefaultsTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ZmqKeyPair serverKeys = ZmqSecurity.generateKeyPair();

	private final ZmqKeyPair clientKeys = ZmqSecurity.generateKeyPair();

	private final ZmqEngine peers = ZmqEngine.builder().name("dsl-peers").build();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, JacksonAutoConfiguration.class))
		.withUserConfiguration(Flows.class);

	@AfterEach
	void close() {
		this.peers.close();
	}

	private String[] curveClientDefaults(String endpoint) {
		return new String[] { "zmq.defaults.security.curve.public-key=" + this.clientKeys.publicKey(),
				"zmq.defaults.security.curve.secret-key=" + this.clientKeys.secretKey(),
				"zmq.defaults.security.curve.server-key=" + this.serverKeys.publicKey(), "zmq.defaults.send-hwm=77",
				"test.endpoint=" + endpoint };
	}

	@Test
	void anAdapterDeclaredByNameTakesTheDefaultsSecurityIncludedAndTalksToACurveServer(CapturedOutput output)
			throws InterruptedException {
		BlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
		try (ZmqSocket server = this.peers.open(ZmqSocketSpec.builder("curve-sink", SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.security(ZmqSecurity.curveServer(this.serverKeys))
			.build(), received::add)) {
			this.contextRunner.withPropertyValues(curveClientDefaults("tcp://127.0.0.1:" + server.boundPort()))
				.run((context) -> {
					ZmqOutboundChannelAdapter adapter = outbound(context, "secured-out");
					assertThat(adapter.getSocketSpec().security()).isNotNull();
					assertThat(adapter.getSocketSpec().security().mechanism()).isEqualTo(ZmqSecurity.Mechanism.CURVE_CLIENT);
					assertThat(adapter.getSocketSpec().sendHighWaterMark()).isEqualTo(77);
					context.getBean("securedIn", DirectChannel.class).send(new GenericMessage<>("over CURVE"));
					assertThat(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
						.isEqualTo(ZmqMessage.of("over CURVE"));
				});
		}
		assertThat(output).doesNotContain("has no security although zmq.defaults.security sets one");
	}

	@Test
	void aSpecBuiltByHandIsTakenAsIsAndAWarningNamesTheSkippedDefaultSecurity(CapturedOutput output) {
		this.contextRunner.withPropertyValues(curveClientDefaults("tcp://127.0.0.1:5999"))
			.withPropertyValues("test.hand-built=true")
			.run((context) -> {
				ZmqOutboundChannelAdapter adapter = outbound(context, "hand-built");
				assertThat(adapter.getSocketSpec().security()).isNull();
				assertThat(adapter.getSocketSpec().sendHighWaterMark()).isNotEqualTo(77);
			});
		assertThat(output).contains("Socket 'hand-built' (PUSH) of the outbound channel adapter has no security "
				+ "although zmq.defaults.security sets one: a ZmqSocketSpec given to an adapter or gateway is taken as "
				+ "is");
	}

	@Test
	void anInboundAdapterConvertsJsonWithBootsJsonMapper() throws InterruptedException {
		this.contextRunner.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE",
				"test.endpoint=tcp://127.0.0.1:5999")
			.run((context) -> {
				ZmqInboundChannelAdapter adapter = context.getBeansOfType(ZmqInboundChannelAdapter.class)
					.values()
					.stream()
					.filter((candidate) -> candidate.getSocketSpec().name().equals("orders-in"))
					.findFirst()
					.orElseThrow();
				try (ZmqSocket push = this.peers.open(ZmqSocketSpec.builder("orders-push", SocketType.PUSH)
					.connect("tcp://127.0.0.1:" + adapter.getBoundPort())
					.build())) {
					push.send(ZmqMessage.of("{\"order_id\":7,\"item_name\":\"book\"}"));
					Message<?> message = context.getBean("orders", QueueChannel.class).receive(WAIT.toMillis());
					assertThat(message).isNotNull();
					assertThat(message.getPayload()).isEqualTo(new Order(7, "book"));
				}
			});
	}

	private static ZmqOutboundChannelAdapter outbound(ApplicationContext context, String socket) {
		return context.getBeansOfType(ZmqOutboundChannelAdapter.class)
			.values()
			.stream()
			.filter((adapter) -> adapter.getSocketSpec().name().equals(socket))
			.findFirst()
			.orElseThrow();
	}

	record Order(int orderId, String itemName) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class Flows {

		@Bean
		DirectChannel securedIn() {
			return new DirectChannel();
		}

		@Bean
		QueueChannel orders() {
			return new QueueChannel();
		}

		@Bean
		IntegrationFlow securedFlow(ZmqEngine engine, Environment environment) {
			return IntegrationFlow.from("securedIn")
				.handle(Zmq.outboundAdapter(engine, "secured-out", SocketType.PUSH,
						(socket) -> socket.connect(environment.getRequiredProperty("test.endpoint"))))
				.get();
		}

		@Bean
		@ConditionalOnBooleanProperty("test.hand-built")
		IntegrationFlow handBuiltFlow(ZmqEngine engine) {
			ZmqSocketSpec spec = ZmqSocketSpec.builder("hand-built", SocketType.PUSH)
				.connect("tcp://127.0.0.1:5999")
				.build();
			return IntegrationFlow.from(new DirectChannel()).handle(Zmq.outboundAdapter(engine, spec)).get();
		}

		@Bean
		IntegrationFlow ordersFlow(ZmqEngine engine) {
			return IntegrationFlow
				.from(Zmq.inboundAdapter(engine, "orders-in", SocketType.PULL,
						(socket) -> socket.bind("tcp://127.0.0.1:*"))
					.payloadType(Order.class))
				.channel("orders")
				.get();
		}

	}

}
