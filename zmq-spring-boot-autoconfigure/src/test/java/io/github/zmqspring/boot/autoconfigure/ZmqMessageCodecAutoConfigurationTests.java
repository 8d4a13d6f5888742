package io.github.zmqspring.boot.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;

import io.github.zmqspring.config.DefaultZmqListenerContainerFactory;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequest;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.integration.ZmqInboundChannelAdapter;
import io.github.zmqspring.integration.ZmqOutboundGateway;
import io.github.zmqspring.support.DefaultZmqMessageCodec;
import io.github.zmqspring.support.ZmqMessageCodec;
import io.github.zmqspring.support.ZmqMessageConverter;
import io.github.zmqspring.support.ZmqSockets;
import io.github.zmqspring.template.ZmqTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The codec bean: auto-configured over the mapper and converter beans, replaced as a whole by the application's own
 * {@link ZmqMessageCodec}, which then serves the template, the listener container factory and the
 * {@code zmq.integration.*} adapters alike.
 */
class ZmqMessageCodecAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ZmqAutoConfiguration.class,
				ZmqListenerAutoConfiguration.class, ZmqIntegrationAutoConfiguration.class))
		.withUserConfiguration(IntegrationConfig.class);

	@Test
	void autoConfiguredCodecIsSharedByTemplateListenersAndAdapters() {
		this.contextRunner
			.withPropertyValues("zmq.integration.inbound.jobs.type=PULL",
					"zmq.integration.inbound.jobs.bind=tcp://127.0.0.1:*", "zmq.integration.inbound.jobs.channel=jobChannel")
			.run((context) -> {
				ZmqMessageCodec codec = context.getBean(ZmqMessageCodec.class);
				assertThat(codec).isInstanceOf(DefaultZmqMessageCodec.class);
				assertThat(codec.getMessageConverter()).isSameAs(context.getBean(ZmqMessageConverter.class));
				assertThat(context.getBean(ZmqTemplate.class).getMessageCodec()).isSameAs(codec);
				assertThat(context.getBean(DefaultZmqListenerContainerFactory.class).getContainerProperties().getMessageCodec()).isSameAs(codec);
				assertThat(context.getBean("jobs", ZmqInboundChannelAdapter.class).getMessageCodec()).isSameAs(codec);
			});
	}

	@Test
	void anApplicationMessageConverterComesAfterBytesAndStringsAndBeforeJsonButSpringIntegrationsDoNot() {
		MessageConverter mine = new StringMessageConverter();
		this.contextRunner.withBean("mine", MessageConverter.class, () -> mine).run((context) -> {
			List<MessageConverter> converters = context.getBean(ZmqMessageConverter.class).getConverters();
			assertThat(converters).hasSize(4);
			assertThat(converters.get(0)).isInstanceOf(ByteArrayMessageConverter.class);
			assertThat(converters.get(1)).isInstanceOf(StringMessageConverter.class);
			assertThat(converters.get(2)).isSameAs(mine);
			assertThat(converters.get(3)).isInstanceOf(JacksonJsonMessageConverter.class);
			assertThat(context.getBean(DefaultZmqListenerContainerFactory.class)
				.getContainerProperties()
				.getMessageCodec()
				.getMessageConverter()).isSameAs(context.getBean(ZmqMessageConverter.class));
		});
	}

	@Test
	void anApplicationCodecReplacesOursEverywhereAndFramesTheTemplatesSends() {
		RecordingCodec mine = new RecordingCodec();
		this.contextRunner.withBean(ZmqMessageCodec.class, () -> mine)
			.withPropertyValues("zmq.sockets.tasks.type=PUSH", "zmq.sockets.tasks.bind=tcp://127.0.0.1:*",
					"zmq.integration.outbound-gateways.quotes.type=DEALER",
					"zmq.integration.outbound-gateways.quotes.connect=tcp://127.0.0.1:5999",
					"zmq.integration.outbound-gateways.quotes.channel=quoteRequests")
			.run((context) -> {
				assertThat(context).hasSingleBean(ZmqMessageCodec.class);
				assertThat(context.getBean(ZmqTemplate.class).getMessageCodec()).isSameAs(mine);
				assertThat(context.getBean(DefaultZmqListenerContainerFactory.class).getContainerProperties().getMessageCodec()).isSameAs(mine);
				assertThat(context.getBean("quotes", ZmqOutboundGateway.class).getMessageCodec()).isSameAs(mine);
				BlockingQueue<ZmqMessage> wire = new LinkedBlockingQueue<>();
				int port = context.getBean(ZmqSockets.class).sender("tasks").boundPort();
				try (var pull = context.getBean(ZmqEngine.class)
					.open(ZmqSocketSpec.builder("pull", SocketType.PULL).connect("tcp://127.0.0.1:" + port).build(),
							wire::add)) {
					context.getBean(ZmqTemplate.class).send("tasks", "hello");
					assertThat(wire.poll(10, TimeUnit.SECONDS)).isEqualTo(ZmqMessage.of("codec", "hello"));
				}
			});
	}

	/** Frames outbound payloads as {@code [codec][payload]}; delegates the rest to the default codec. */
	static class RecordingCodec implements ZmqMessageCodec {

		private final DefaultZmqMessageCodec delegate = new DefaultZmqMessageCodec();

		@Override
		public Message<byte[]> toMessage(ZmqMessage frames, String socketName, SocketType socketType,
				List<byte[]> subscriptions) {
			return this.delegate.toMessage(frames, socketName, socketType, subscriptions);
		}

		@Override
		public Message<byte[]> toMessage(ZmqRequest request, SocketType socketType) {
			return this.delegate.toMessage(request, socketType);
		}

		@Override
		public <T> T fromMessage(Message<?> message, Class<T> targetType) {
			return this.delegate.fromMessage(message, targetType);
		}

		@Override
		public ZmqMessage toFrames(Object payload, @Nullable Map<String, ?> headers, String socketName,
				SocketType socketType) {
			return this.delegate.toFrames(payload, headers, socketName, socketType)
				.prepend(List.of("codec".getBytes(StandardCharsets.UTF_8)));
		}

		@Override
		public MessageConverter getMessageConverter() {
			return this.delegate.getMessageConverter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class IntegrationConfig {

	}

}
