package io.github.zmqspring.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.validation.Validator;

/**
 * The default {@link MessageHandlerMethodFactory} of the {@code @ZmqListener} endpoints of one endpoint registry, one
 * per message converter (and validator and extra argument resolvers): every listener method of an application shares it (as spring-kafka's registrar shares its
 * handler method factory), instead of each endpoint building its own conversion service (about 46 KiB each).
 * Thread-safe.
 */
final class MethodFactoryCache {

	private final Map<Key, MessageHandlerMethodFactory> factories = new HashMap<>();

	/**
	 * What a default factory is built from: the converter, and the registrar's validator and extra argument resolvers
	 * (see {@code ZmqListenerConfigurer}), each compared by identity.
	 *
	 * @param converter the message converter
	 * @param validator the validator of {@code @Valid} payloads, or {@code null}
	 * @param resolvers the extra argument resolvers, in order
	 */
	record Key(MessageConverter converter, @Nullable Validator validator, List<HandlerMethodArgumentResolver> resolvers) {

		@Override
		public boolean equals(@Nullable Object other) {
			if (!(other instanceof Key that) || this.converter != that.converter || this.validator != that.validator
					|| this.resolvers.size() != that.resolvers.size()) {
				return false;
			}
			for (int i = 0; i < this.resolvers.size(); i++) {
				if (this.resolvers.get(i) != that.resolvers.get(i)) {
					return false;
				}
			}
			return true;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this.converter) * 31 + System.identityHashCode(this.validator);
		}

	}

	/** Builds a factory for a key. */
	@FunctionalInterface
	interface Builder {

		MessageHandlerMethodFactory build(Key key, @Nullable BeanFactory beanFactory);

	}

	synchronized MessageHandlerMethodFactory get(Key key, @Nullable BeanFactory beanFactory, Builder builder) {
		return this.factories.computeIfAbsent(key, (k) -> builder.build(k, beanFactory));
	}

}
