package io.github.zmqspring.annotation;

import io.github.zmqspring.config.ZmqListenerEndpointRegistrar;

/**
 * Configures how {@code @ZmqListener} methods are invoked, as spring-kafka's {@code KafkaListenerConfigurer} does:
 * implemented by a bean, it is called once, before the listener containers are built, with the registrar whose
 * {@linkplain ZmqListenerEndpointRegistrar#setValidator validator},
 * {@linkplain ZmqListenerEndpointRegistrar#setMessageHandlerMethodFactory message handler method factory} and
 * {@linkplain ZmqListenerEndpointRegistrar#setCustomMethodArgumentResolvers extra argument resolvers} every
 * annotated method then uses. Several configurers run in {@code @Order}. Without one, Spring Boot's {@code Validator}
 * (when a Bean Validation provider is present) validates {@code @Valid} payloads.
 */
@FunctionalInterface
public interface ZmqListenerConfigurer {

	/**
	 * Configures the registrar.
	 * @param registrar the registrar of the application's {@code @ZmqListener} endpoints
	 */
	void configureZmqListeners(ZmqListenerEndpointRegistrar registrar);

}
