package io.github.zmqspring.integration;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.Assert;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.ZmqSocketSpecFactory;

/**
 * The socket of an adapter or gateway as declared: either a built spec, taken as is, or a name, a type and a
 * configurer, built at once with the engine's defaults (so that an invalid spec fails where it is declared) and again,
 * when the component is initialized in an application context, through that context's {@link ZmqSocketSpecFactory}:
 * {@code zmq.defaults.*} (security included), then the configurer, then the spec customizers. The configurer therefore
 * runs once or twice. Thread-safe.
 */
final class DeclaredSocketSpec {

	private static final Logger logger = LoggerFactory.getLogger(DeclaredSocketSpec.class);

	private final @Nullable Consumer<ZmqSocketSpec.Builder> configurer;

	private volatile ZmqSocketSpec spec;

	private DeclaredSocketSpec(ZmqSocketSpec spec, @Nullable Consumer<ZmqSocketSpec.Builder> configurer) {
		this.spec = spec;
		this.configurer = configurer;
	}

	/**
	 * A spec taken as is.
	 * @param spec the spec
	 * @return the declaration
	 */
	static DeclaredSocketSpec of(ZmqSocketSpec spec) {
		Assert.notNull(spec, "'spec' must not be null");
		return new DeclaredSocketSpec(spec, null);
	}

	/**
	 * A spec that takes the application's socket defaults once its component is initialized.
	 * @param name the socket name
	 * @param type the socket type
	 * @param configurer what is specific to this socket (endpoints, topics, overrides)
	 * @return the declaration, with the spec built from the engine's defaults for now
	 */
	static DeclaredSocketSpec withDefaults(String name, SocketType type, Consumer<ZmqSocketSpec.Builder> configurer) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(type, "'type' must not be null");
		Assert.notNull(configurer, "'configurer' must not be null");
		ZmqSocketSpec.Builder builder = ZmqSocketSpec.builder(name, type);
		configurer.accept(builder);
		return new DeclaredSocketSpec(builder.build(), configurer);
	}

	/**
	 * The spec: the final one once {@link #resolve} ran.
	 * @return the spec
	 */
	ZmqSocketSpec get() {
		return this.spec;
	}

	/**
	 * Builds the spec through the context's spec factory when it was declared by name, type and configurer; warns
	 * when a spec taken as is misses the security the context's socket defaults set.
	 * @param beanFactory the component's bean factory, or {@code null} outside a context
	 * @param component what the socket belongs to, for the warning
	 * @return the spec
	 */
	ZmqSocketSpec resolve(@Nullable BeanFactory beanFactory, String component) {
		ZmqSocketSpecFactory factory = (beanFactory != null)
				? beanFactory.getBeanProvider(ZmqSocketSpecFactory.class).getIfAvailable() : null;
		if (factory == null) {
			return this.spec;
		}
		ZmqSocketSpec current = this.spec;
		if (this.configurer != null) {
			ZmqSocketSpec resolved = factory.create(current.name(), current.type(), this.configurer);
			this.spec = resolved;
			return resolved;
		}
		if (current.security() == null && defaultSecurity(factory, current)) {
			logger.warn("Socket '{}' ({}) of the {} has no security although zmq.defaults.security sets one: a "
					+ "ZmqSocketSpec given to an adapter or gateway is taken as is. Declare the socket by name, type and "
					+ "configurer (Zmq.inboundAdapter(engine, \"{}\", SocketType.{}, (socket) -> ...) and the like) to "
					+ "take the defaults; a socket meant to run without security (security.mechanism: NULL) can ignore "
					+ "this", current.name(), current.type(), component, current.name(), current.type());
		}
		return current;
	}

	private static boolean defaultSecurity(ZmqSocketSpecFactory factory, ZmqSocketSpec spec) {
		try {
			return factory.create(spec.name(), spec.type(), (builder) -> {
			}).security() != null;
		}
		catch (RuntimeException ex) {
			// The defaults alone make no valid spec for this socket: nothing to compare.
			return false;
		}
	}

}
