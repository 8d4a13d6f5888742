package io.github.zmqspring.config;

/**
 * Bean names of the listener infrastructure that {@link io.github.zmqspring.annotation.EnableZmq @EnableZmq}
 * registers.
 */
public final class ZmqListenerConfigUtils {

	/** The bean name of the {@link io.github.zmqspring.annotation.ZmqListenerAnnotationBeanPostProcessor}. */
	public static final String ZMQ_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME = "io.github.zmqspring.config.internalZmqListenerAnnotationProcessor";

	/** The bean name of the {@link ZmqListenerEndpointRegistry}. */
	public static final String ZMQ_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME = "io.github.zmqspring.config.internalZmqListenerEndpointRegistry";

	/** The bean name of the container factory a {@code @ZmqListener} uses unless it names another one. */
	public static final String DEFAULT_CONTAINER_FACTORY_BEAN_NAME = "zmqListenerContainerFactory";

	private ZmqListenerConfigUtils() {
	}

}
