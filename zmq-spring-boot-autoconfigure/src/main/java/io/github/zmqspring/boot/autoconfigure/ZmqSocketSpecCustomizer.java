package io.github.zmqspring.boot.autoconfigure;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * Customizes every socket spec the application builds through the auto-configured
 * {@link io.github.zmqspring.support.ZmqSocketSpecFactory} (named sockets, listener and adapter sockets), after the
 * defaults and the socket's own settings: the place for options without a property, such as CURVE security. Beans of
 * this type are applied in {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface ZmqSocketSpecCustomizer {

	/**
	 * Customizes a spec builder.
	 * @param name the socket name
	 * @param type the socket type
	 * @param builder the builder
	 */
	void customize(String name, SocketType type, ZmqSocketSpec.Builder builder);

}
