package io.github.zmqspring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.util.ClassUtils;

import io.github.zmqspring.annotation.EnableZmq;
import io.github.zmqspring.config.DefaultZmqListenerContainerFactory;
import io.github.zmqspring.config.DefaultZmqOutboundSockets;
import io.github.zmqspring.config.ZmqListenerConfigUtils;
import io.github.zmqspring.config.ZmqSocketSpecProvider;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.listener.ZmqListenerContainerCustomizer;
import io.github.zmqspring.listener.ZmqListenerErrorHandler;
import io.github.zmqspring.listener.ZmqOutboundSockets;
import io.github.zmqspring.support.ZmqMessageMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of {@link io.github.zmqspring.annotation.ZmqListener @ZmqListener}: applies
 * {@link EnableZmq @EnableZmq} and defines the {@code zmqListenerContainerFactory} over the {@link ZmqEngine} bean,
 * with the application's {@link MessageConverter} (the unique one, else byte[] + String + Jackson JSON), the
 * {@link ZmqMessageMapper}, the named sockets ({@link ZmqSocketSpecProvider}), an error handler bean when there is
 * exactly one, {@code zmq.listener.concurrency} and {@code zmq.listener.auto-startup}, and every
 * {@link ZmqListenerContainerCustomizer} in order. Each bean backs off when the application defines its own.
 */
@AutoConfiguration(afterName = "io.github.zmqspring.boot.autoconfigure.ZmqAutoConfiguration")
@ConditionalOnClass(EnableZmq.class)
@ConditionalOnBean(ZmqEngine.class)
public final class ZmqListenerAutoConfiguration {

	private static final boolean JACKSON_PRESENT = ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper",
			ZmqListenerAutoConfiguration.class.getClassLoader());

	@Bean
	@ConditionalOnMissingBean(ZmqOutboundSockets.class)
	DefaultZmqOutboundSockets zmqOutboundSockets(ZmqEngine engine, ObjectProvider<ZmqSocketSpecProvider> specs) {
		return new DefaultZmqOutboundSockets(engine, specs.getIfAvailable(() -> ZmqSocketSpecProvider.NONE));
	}

	@Bean(ZmqListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME)
	@ConditionalOnMissingBean(name = ZmqListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME)
	DefaultZmqListenerContainerFactory zmqListenerContainerFactory(ZmqEngine engine,
			ObjectProvider<MessageConverter> messageConverter, ObjectProvider<ZmqMessageMapper> messageMapper,
			ObjectProvider<ZmqSocketSpecProvider> socketSpecs, ZmqOutboundSockets outboundSockets,
			ObjectProvider<ZmqListenerErrorHandler> errorHandler,
			ObjectProvider<ZmqListenerContainerCustomizer> customizers, ListableBeanFactory beanFactory,
			Environment environment) {
		MessageConverter converter = messageConverter.getIfUnique(() -> defaultMessageConverter(beanFactory));
		DefaultZmqListenerContainerFactory factory = new DefaultZmqListenerContainerFactory(engine, converter);
		messageMapper.ifUnique(factory::setMessageMapper);
		socketSpecs.ifUnique(factory::setSocketSpecProvider);
		factory.setOutboundSockets(outboundSockets);
		errorHandler.ifUnique(factory::setErrorHandler);
		Binder binder = Binder.get(environment);
		binder.bind("zmq.listener.concurrency", Integer.class).ifBound(factory::setConcurrency);
		binder.bind("zmq.listener.auto-startup", Boolean.class).ifBound(factory::setAutoStartup);
		factory.addContainerCustomizers(customizers.orderedStream().toList());
		return factory;
	}

	private static MessageConverter defaultMessageConverter(ListableBeanFactory beanFactory) {
		List<MessageConverter> converters = new ArrayList<>();
		converters.add(new ByteArrayMessageConverter());
		converters.add(new StringMessageConverter());
		if (JACKSON_PRESENT) {
			converters.add(Jackson.converter(beanFactory));
		}
		return new CompositeMessageConverter(converters);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableZmq
	@ConditionalOnMissingBean(name = ZmqListenerConfigUtils.ZMQ_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME)
	static class EnableZmqConfiguration {

	}

	private static final class Jackson {

		static MessageConverter converter(ListableBeanFactory beanFactory) {
			JsonMapper mapper = beanFactory.getBeanProvider(JsonMapper.class).getIfUnique();
			return (mapper != null) ? new JacksonJsonMessageConverter(mapper) : new JacksonJsonMessageConverter();
		}

	}

}
