package io.github.zmqspring.config;

import java.util.IdentityHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;

/**
 * The default {@link MessageHandlerMethodFactory} of the {@code @ZmqListener} endpoints of one endpoint registry, one
 * per message converter: every listener method of an application shares it (as spring-kafka's registrar shares its
 * handler method factory), instead of each endpoint building its own conversion service (about 46 KiB each).
 * Thread-safe.
 */
final class MethodFactoryCache {

	private final Map<MessageConverter, MessageHandlerMethodFactory> factories = new IdentityHashMap<>();

	/** Builds a factory for a converter. */
	@FunctionalInterface
	interface Builder {

		MessageHandlerMethodFactory build(MessageConverter converter, @Nullable BeanFactory beanFactory);

	}

	synchronized MessageHandlerMethodFactory get(MessageConverter converter, @Nullable BeanFactory beanFactory,
			Builder builder) {
		return this.factories.computeIfAbsent(converter, (key) -> builder.build(key, beanFactory));
	}

}
