package io.github.zmqspring.config;

import io.github.zmqspring.listener.ZmqListenerContainer;

/**
 * Creates a listener container for an endpoint. The auto-configured one is the bean
 * {@value ZmqListenerConfigUtils#DEFAULT_CONTAINER_FACTORY_BEAN_NAME}; another can be chosen per listener with
 * {@code @ZmqListener(containerFactory = "...")}.
 *
 * @param <C> the container type
 */
@FunctionalInterface
public interface ZmqListenerContainerFactory<C extends ZmqListenerContainer> {

	/**
	 * Creates a container, not started.
	 * @param endpoint the endpoint
	 * @return the container
	 */
	C createListenerContainer(ZmqListenerEndpoint endpoint);

}
