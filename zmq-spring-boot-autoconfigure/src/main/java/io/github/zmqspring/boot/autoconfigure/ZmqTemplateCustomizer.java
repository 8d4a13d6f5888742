package io.github.zmqspring.boot.autoconfigure;

import io.github.zmqspring.template.ZmqTemplate;

/**
 * Customizes the auto-configured {@link ZmqTemplate} after the {@code zmq.template.*} properties were applied. Beans
 * of this type are applied in {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface ZmqTemplateCustomizer {

	/**
	 * Customizes the template.
	 * @param template the template
	 */
	void customize(ZmqTemplate template);

}
