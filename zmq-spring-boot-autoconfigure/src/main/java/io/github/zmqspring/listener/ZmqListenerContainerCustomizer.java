package io.github.zmqspring.listener;

/**
 * Adjusts each listener container a {@link io.github.zmqspring.config.DefaultZmqListenerContainerFactory} creates,
 * before it starts, usually through its own {@linkplain DefaultZmqListenerContainer#getContainerProperties()
 * properties} (a copy of the factory's with the endpoint's settings applied). Beans of this type are applied in order
 * ({@link org.springframework.core.Ordered} / {@code @Order}) by the auto-configured factory.
 */
@FunctionalInterface
public interface ZmqListenerContainerCustomizer {

	/**
	 * Customizes a container.
	 * @param container the container, not started yet
	 */
	void customize(DefaultZmqListenerContainer container);

}
