package io.github.zmqspring.boot.autoconfigure;

import java.util.Objects;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.boot.autoconfigure.ZmqIntegrationProperties.Endpoint;
import io.github.zmqspring.core.InvalidSocketSpecException;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.ZmqSocketSpecFactory;

/**
 * Maps a {@code zmq.integration.*} entry onto a {@link ZmqSocketSpec} with the same option mapping as named sockets;
 * a spec the engine rejects fails with an {@link InvalidZmqPropertyException} naming the entry's property.
 */
final class ZmqIntegrationSpecs {

	private ZmqIntegrationSpecs() {
	}

	/**
	 * Builds the entry's spec.
	 * @param prefix the entry's property prefix, e.g. {@code zmq.integration.inbound.jobs}
	 * @param name the socket name
	 * @param entry the entry
	 * @param factory the factory that applies {@code zmq.defaults.*} and customizers, or {@code null} for the
	 * engine's defaults only
	 * @return the spec
	 */
	static ZmqSocketSpec toSpec(String prefix, String name, Endpoint entry, @Nullable ZmqSocketSpecFactory factory) {
		Consumer<ZmqSocketSpec.Builder> configurer = (builder) -> ZmqPropertiesMapper.applySocket(entry, builder);
		try {
			if (factory != null) {
				return factory.create(name, Objects.requireNonNull(entry.getType()), configurer);
			}
			ZmqSocketSpec.Builder builder = ZmqSocketSpec.builder(name, Objects.requireNonNull(entry.getType()));
			configurer.accept(builder);
			return builder.build();
		}
		catch (InvalidSocketSpecException ex) {
			String field = ex.getField();
			String message = String.valueOf(ex.getMessage());
			String enginePrefix = "socket '" + name + "': " + field + " ";
			String problem = message.startsWith(enginePrefix) ? message.substring(enginePrefix.length()) : message;
			throw new InvalidZmqPropertyException(
					prefix + "." + ZmqPropertiesMapper.PROPERTY_NAMES.getOrDefault(field, field), problem, ex);
		}
	}

}
