package io.github.zmqspring.boot.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;

import io.github.zmqspring.core.InvalidSocketSpecException;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * Finds the property behind an invalid socket spec, so that start-up names it without a hand-kept table from the
 * engine's field names to property names. A spec is built from layers of properties (the defaults, then the socket's
 * options, then its endpoints); the property is the first whose value, added to those before it, makes the spec
 * invalid, named from its binding name ({@code sendHwm} → {@code send-hwm}) under its layer's prefix. When a rule
 * compares two options (max-multipart-size with max-message-size), the property reported is the one the engine's
 * message is about, under the prefix of the layer that broke the rule. Runs only when a spec failed.
 */
final class ZmqSocketSpecDiagnosis {

	private ZmqSocketSpecDiagnosis() {
	}

	/**
	 * Builds a spec from the engine's defaults and the layers, in order.
	 * @param name the socket name
	 * @param type the socket type
	 * @param layers the layers
	 * @return the spec
	 * @throws InvalidSocketSpecException when it is invalid
	 */
	static ZmqSocketSpec build(String name, SocketType type, List<Layer<?>> layers) {
		ZmqSocketSpec.Builder builder = ZmqSocketSpec.builder(name, type);
		layers.forEach((layer) -> layer.applyTo(builder));
		return builder.build();
	}

	/**
	 * Explains a failure of a spec built from these layers (and, perhaps, customizers).
	 * @param name the socket name
	 * @param type the socket type
	 * @param layers the layers the spec was built from
	 * @param failure the engine's exception
	 * @return the exception naming the property and the value
	 */
	static InvalidZmqPropertyException explain(String name, SocketType type, List<Layer<?>> layers,
			InvalidSocketSpecException failure) {
		List<Setting> settings = new ArrayList<>();
		for (Layer<?> layer : layers) {
			layer.setProperties().forEach((property) -> settings.add(new Setting(layer, property)));
		}
		for (int count = 1; count <= settings.size(); count++) {
			List<Setting> applied = settings.subList(0, count);
			InvalidSocketSpecException ex = attempt(name, type, layers, applied);
			if (ex != null) {
				Setting culprit = applied.get(count - 1);
				String property = owner(name, type, layers, applied, ex);
				String relative = ex.getField().startsWith(property + ".") ? ex.getField() : property;
				return new InvalidZmqPropertyException(culprit.layer().prefix() + "." + relative, problem(name, ex), ex);
			}
		}
		// no property makes it fail: a ZmqSocketSpecCustomizer did
		String prefix = layers.get(layers.size() - 1).prefix();
		return new InvalidZmqPropertyException(prefix, "a ZmqSocketSpecCustomizer made the spec invalid: "
				+ problem(name, failure), failure);
	}

	/**
	 * The property the failure is about: the last setting applied when that one alone breaks the same rule, else the
	 * earlier setting without which the rule holds (the other side of a rule comparing two options).
	 */
	private static String owner(String name, SocketType type, List<Layer<?>> layers, List<Setting> applied,
			InvalidSocketSpecException failure) {
		Setting last = applied.get(applied.size() - 1);
		InvalidSocketSpecException alone = attempt(name, type, layers, List.of(last));
		if (alone != null && alone.getField().equals(failure.getField())) {
			return last.property();
		}
		for (Setting earlier : applied.subList(0, applied.size() - 1)) {
			List<Setting> without = new ArrayList<>(applied);
			without.remove(earlier);
			if (attempt(name, type, layers, without) == null) {
				return earlier.property();
			}
		}
		return last.property();
	}

	private static @Nullable InvalidSocketSpecException attempt(String name, SocketType type, List<Layer<?>> layers,
			Collection<Setting> applied) {
		List<Layer<?>> partial = new ArrayList<>();
		for (Layer<?> layer : layers) {
			partial.add(layer.only(applied.stream()
				.filter((setting) -> setting.layer() == layer)
				.map(Setting::property)
				.toList()));
		}
		try {
			build(name, type, partial);
			return null;
		}
		catch (InvalidSocketSpecException ex) {
			return ex;
		}
	}

	/** The engine's message without its {@code "socket 'name': field "} prefix: the value and the rule. */
	private static String problem(String name, InvalidSocketSpecException ex) {
		String message = String.valueOf(ex.getMessage());
		String enginePrefix = "socket '" + name + "': " + ex.getField() + " ";
		return message.startsWith(enginePrefix) ? message.substring(enginePrefix.length()) : message;
	}

	private record Setting(Layer<?> layer, String property) {
	}

	/**
	 * One group of properties that contributes to a spec.
	 *
	 * @param prefix the group's property prefix ({@code zmq.defaults}, {@code zmq.sockets.tasks})
	 * @param properties the bound group, a JavaBean whose properties are its keys
	 * @param applier applies the group's set values to a builder
	 * @param <T> the group's type
	 */
	record Layer<T>(String prefix, T properties, BiConsumer<T, ZmqSocketSpec.Builder> applier) {

		void applyTo(ZmqSocketSpec.Builder builder) {
			this.applier.accept(this.properties, builder);
		}

		/** The binding names (kebab-case) of the properties that are set, in a stable (alphabetical) order. */
		List<String> setProperties() {
			BeanWrapper bean = PropertyAccessorFactory.forBeanPropertyAccess(this.properties);
			List<String> names = new ArrayList<>();
			for (PropertyDescriptor descriptor : bean.getPropertyDescriptors()) {
				if (descriptor.getWriteMethod() != null && isSet(bean.getPropertyValue(descriptor.getName()))) {
					names.add(DataObjectPropertyName.toDashedForm(descriptor.getName()));
				}
			}
			return names;
		}

		/** A copy of this layer that has only the given properties set. */
		@SuppressWarnings("unchecked")
		Layer<T> only(List<String> kebabNames) {
			BeanWrapper source = PropertyAccessorFactory.forBeanPropertyAccess(this.properties);
			T copy = (T) BeanUtils.instantiateClass(this.properties.getClass());
			BeanWrapper target = PropertyAccessorFactory.forBeanPropertyAccess(copy);
			for (PropertyDescriptor descriptor : source.getPropertyDescriptors()) {
				String name = descriptor.getName();
				if (descriptor.getWriteMethod() != null && kebabNames.contains(DataObjectPropertyName.toDashedForm(name))) {
					target.setPropertyValue(name, source.getPropertyValue(name));
				}
			}
			return new Layer<>(this.prefix, copy, this.applier);
		}

		private static boolean isSet(@Nullable Object value) {
			if (value instanceof ZmqSocketSecurity security) {
				return security.isConfigured();
			}
			if (value instanceof ZmqRequestRetry retry) {
				return retry.isConfigured();
			}
			if (value instanceof Collection<?> collection) {
				return !collection.isEmpty();
			}
			if (value instanceof Map<?, ?> map) {
				return !map.isEmpty();
			}
			return value != null;
		}

	}

}
