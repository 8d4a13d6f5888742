package io.github.zmqspring.config;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.validation.Validator;

/**
 * Collects the endpoints found at start-up and, once every singleton exists ({@link #afterPropertiesSet()}), registers
 * them with the {@link ZmqListenerEndpointRegistry}, each with its container factory: the one it names, else
 * {@linkplain #setContainerFactory the default}, else the bean
 * {@value ZmqListenerConfigUtils#DEFAULT_CONTAINER_FACTORY_BEAN_NAME}. Nothing starts here; the registry starts the
 * containers with the context. Not thread-safe; used during start-up.
 */
public class ZmqListenerEndpointRegistrar implements InitializingBean {

	private final List<Registration> registrations = new ArrayList<>();

	private @Nullable ZmqListenerEndpointRegistry endpointRegistry;

	private @Nullable ZmqListenerContainerFactory<?> containerFactory;

	private String containerFactoryBeanName = ZmqListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME;

	private @Nullable BeanFactory beanFactory;

	private boolean registered;

	private @Nullable Validator validator;

	private @Nullable MessageHandlerMethodFactory messageHandlerMethodFactory;

	private List<HandlerMethodArgumentResolver> customMethodArgumentResolvers = List.of();

	/**
	 * Sets the registry.
	 * @param endpointRegistry the registry
	 */
	public void setEndpointRegistry(ZmqListenerEndpointRegistry endpointRegistry) {
		this.endpointRegistry = endpointRegistry;
	}

	/**
	 * The registry.
	 * @return the registry, or {@code null} before it is set
	 */
	public @Nullable ZmqListenerEndpointRegistry getEndpointRegistry() {
		return this.endpointRegistry;
	}

	/**
	 * Sets the container factory of endpoints that name none.
	 * @param containerFactory the factory
	 */
	public void setContainerFactory(ZmqListenerContainerFactory<?> containerFactory) {
		this.containerFactory = containerFactory;
	}

	/**
	 * Sets the bean name of the container factory of endpoints that name none (default
	 * {@value ZmqListenerConfigUtils#DEFAULT_CONTAINER_FACTORY_BEAN_NAME}).
	 * @param containerFactoryBeanName the bean name
	 */
	public void setContainerFactoryBeanName(String containerFactoryBeanName) {
		this.containerFactoryBeanName = containerFactoryBeanName;
	}

	/**
	 * Sets the bean factory the container factories are looked up in.
	 * @param beanFactory the bean factory
	 */
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	/**
	 * Sets the validator of {@code @Valid}/{@code @Validated} payload arguments (default: Spring Boot's
	 * {@code Validator} when a Bean Validation provider is present). An invalid payload goes to the listener's error
	 * handler; the method does not run.
	 * @param validator the validator, or {@code null} for none
	 */
	public void setValidator(@Nullable Validator validator) {
		this.validator = validator;
	}

	/** @return the validator, or {@code null} */
	public @Nullable Validator getValidator() {
		return this.validator;
	}

	/**
	 * Sets the factory of invocable methods of every endpoint that has none of its own (default: one per message
	 * converter, shared, with the validator and the extra argument resolvers; a factory set here replaces them).
	 * @param messageHandlerMethodFactory the factory, or {@code null} for the default
	 */
	public void setMessageHandlerMethodFactory(@Nullable MessageHandlerMethodFactory messageHandlerMethodFactory) {
		this.messageHandlerMethodFactory = messageHandlerMethodFactory;
	}

	/** @return the factory set, or {@code null} */
	public @Nullable MessageHandlerMethodFactory getMessageHandlerMethodFactory() {
		return this.messageHandlerMethodFactory;
	}

	/**
	 * Sets extra argument resolvers of the default factory, tried before the built-in {@code ZmqMessage}/frames
	 * resolver and the payload.
	 * @param resolvers the resolvers, in order
	 */
	public void setCustomMethodArgumentResolvers(HandlerMethodArgumentResolver... resolvers) {
		this.customMethodArgumentResolvers = List.of(resolvers);
	}

	/** @return the extra argument resolvers */
	public List<HandlerMethodArgumentResolver> getCustomMethodArgumentResolvers() {
		return this.customMethodArgumentResolvers;
	}

	/**
	 * Adds an endpoint. Before {@link #afterPropertiesSet()} it is queued; afterwards it is registered at once.
	 * @param endpoint the endpoint
	 * @param factoryBeanName the container factory's bean name, or {@code null} for the default
	 */
	public void registerEndpoint(ZmqListenerEndpoint endpoint, @Nullable String factoryBeanName) {
		Assert.notNull(endpoint, "'endpoint' must not be null");
		Registration registration = new Registration(endpoint, factoryBeanName);
		if (this.registered) {
			register(registration);
		}
		else {
			this.registrations.add(registration);
		}
	}

	@Override
	public void afterPropertiesSet() {
		Assert.state(this.endpointRegistry != null, "no ZmqListenerEndpointRegistry set");
		for (Registration registration : this.registrations) {
			register(registration);
		}
		this.registrations.clear();
		this.registered = true;
	}

	private void register(Registration registration) {
		Assert.state(this.endpointRegistry != null, "no ZmqListenerEndpointRegistry set");
		if (registration.endpoint() instanceof MethodZmqListenerEndpoint method && !method.hasMessageHandlerMethodFactory()) {
			if (this.messageHandlerMethodFactory != null) {
				method.setMessageHandlerMethodFactory(this.messageHandlerMethodFactory);
			}
			else {
				method.setValidator(this.validator);
				method.setCustomMethodArgumentResolvers(this.customMethodArgumentResolvers);
			}
		}
		this.endpointRegistry.registerListenerContainer(registration.endpoint(), factoryFor(registration));
	}

	private ZmqListenerContainerFactory<?> factoryFor(Registration registration) {
		if (StringUtils.hasText(registration.factoryBeanName())) {
			return lookUp(registration.factoryBeanName(), registration.endpoint());
		}
		if (this.containerFactory != null) {
			return this.containerFactory;
		}
		return lookUp(this.containerFactoryBeanName, registration.endpoint());
	}

	private ZmqListenerContainerFactory<?> lookUp(String name, ZmqListenerEndpoint endpoint) {
		Assert.state(this.beanFactory != null, "no BeanFactory set to look up the container factory");
		if (!this.beanFactory.containsBean(name)) {
			throw new IllegalStateException("@ZmqListener '" + endpoint.getId() + "' (" + endpoint + "): no container "
					+ "factory bean named '" + name + "'; add the ZeroMQ starter's auto-configuration (it needs a "
					+ "ZmqEngine bean) or define a ZmqListenerContainerFactory bean of that name");
		}
		return this.beanFactory.getBean(name, ZmqListenerContainerFactory.class);
	}

	private record Registration(ZmqListenerEndpoint endpoint, @Nullable String factoryBeanName) {
	}

}
