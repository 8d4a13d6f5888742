package io.github.zmqspring.boot.autoconfigure;

import io.github.zmqspring.core.ZmqEngine;

/**
 * Customizes the auto-configured engine's builder after the {@code zmq.engine.*} properties were applied. Beans of
 * this type are applied in {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface ZmqEngineCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the engine builder
	 */
	void customize(ZmqEngine.Builder builder);

}
