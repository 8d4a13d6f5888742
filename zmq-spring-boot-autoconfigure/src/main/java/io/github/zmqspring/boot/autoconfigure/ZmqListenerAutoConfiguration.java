package io.github.zmqspring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.util.ClassUtils;

import io.github.zmqspring.annotation.EnableZmq;
import io.github.zmqspring.config.DefaultZmqListenerContainerFactory;
import io.github.zmqspring.config.ZmqListenerConfigUtils;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.listener.ZmqListenerContainerCustomizer;
import io.github.zmqspring.listener.ZmqListenerContainerProperties;
import io.github.zmqspring.listener.ZmqListenerErrorHandler;
import io.github.zmqspring.support.DefaultZmqMessageCodec;
import io.github.zmqspring.support.DefaultZmqMessageMapper;
import io.github.zmqspring.support.ZmqMessageCodec;
import io.github.zmqspring.support.ZmqMessageMapper;
import io.github.zmqspring.support.ZmqMetrics;
import io.github.zmqspring.support.ZmqSocketSpecFactory;
import io.github.zmqspring.support.ZmqSocketRegistry;
import io.github.zmqspring.support.micrometer.ZmqListenerObservationConvention;
import io.github.zmqspring.support.micrometer.ZmqTemplateObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of {@link io.github.zmqspring.annotation.ZmqListener @ZmqListener}: applies
 * {@link EnableZmq @EnableZmq} and defines the {@code zmqListenerContainerFactory} over the {@link ZmqEngine} bean,
 * with the {@link ZmqMessageCodec} bean that the template and the adapters use too (without one: a codec over the
 * unique {@link ZmqMessageMapper} and {@link MessageConverter}, else byte[] + String + Jackson JSON), the named
 * sockets of the {@link ZmqSocketRegistry} ({@code zmq.sockets.<name>}, also the
 * {@code @SendTo} targets), the {@link ZmqSocketSpecFactory} ({@code zmq.defaults.*}), {@link ZmqMetrics}, an error
 * handler bean when there is exactly one, {@code zmq.listener.concurrency} and {@code zmq.listener.auto-startup},
 * {@code zmq.listener.observation-enabled} (with the {@link ObservationRegistry} bean and a
 * {@link ZmqListenerObservationConvention} bean), and every {@link ZmqListenerContainerCustomizer} in order. Each bean backs off when the application defines its own.
 */
@AutoConfiguration(after = { ZmqAutoConfiguration.class, ZmqMetricsAutoConfiguration.class })
@ConditionalOnClass(EnableZmq.class)
@ConditionalOnBean(ZmqEngine.class)
public final class ZmqListenerAutoConfiguration {

	private static final boolean JACKSON_PRESENT = ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper",
			ZmqListenerAutoConfiguration.class.getClassLoader());

	@Bean(ZmqListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME)
	@ConditionalOnMissingBean(name = ZmqListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME)
	DefaultZmqListenerContainerFactory zmqListenerContainerFactory(ZmqEngine engine,
			ObjectProvider<ZmqMessageCodec> messageCodec, ObjectProvider<MessageConverter> messageConverter,
			ObjectProvider<ZmqMessageMapper> messageMapper, ObjectProvider<ZmqSocketRegistry> sockets,
			ObjectProvider<ZmqSocketSpecFactory> socketSpecFactory,
			ObjectProvider<ZmqListenerErrorHandler> errorHandler, ObjectProvider<ZmqMetrics> metrics,
			ObjectProvider<ZmqProperties> properties, ObjectProvider<ZmqListenerContainerCustomizer> customizers,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ZmqListenerObservationConvention> observationConvention,
			ObjectProvider<ZmqTemplateObservationConvention> forwardObservationConvention,
			ListableBeanFactory beanFactory) {
		ZmqMessageCodec codec = messageCodec.getIfUnique(() -> new DefaultZmqMessageCodec(
				messageMapper.getIfUnique(DefaultZmqMessageMapper::new),
				messageConverter.getIfUnique(() -> defaultMessageConverter(beanFactory))));
		DefaultZmqListenerContainerFactory factory = new DefaultZmqListenerContainerFactory(engine, codec);
		// the template's registry: a @SendTo socket and a template send share one socket
		sockets.ifUnique(factory::setSocketRegistry);
		socketSpecFactory.ifUnique(factory::setSocketSpecFactory);
		ZmqListenerContainerProperties containerProperties = factory.getContainerProperties();
		errorHandler.ifUnique(containerProperties::setErrorHandler);
		metrics.ifUnique(containerProperties::setMetrics);
		properties.ifAvailable((zmq) -> {
			containerProperties.setConcurrency(zmq.getListener().getConcurrency());
			containerProperties.setAutoStartup(zmq.getListener().isAutoStartup());
			if (zmq.getListener().isObservationEnabled()) {
				factory.addContainerCustomizers(
						List.of(new ZmqListenerObservationCustomizer(observationRegistry, observationConvention,
								forwardObservationConvention)));
			}
		});
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
