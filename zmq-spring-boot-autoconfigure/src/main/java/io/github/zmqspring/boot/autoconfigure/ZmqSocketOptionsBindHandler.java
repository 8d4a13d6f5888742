package io.github.zmqspring.boot.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;

/**
 * Binds the groups a socket composes at the socket's own level: once the binder has bound a
 * {@link ZmqSocketProperties} (type, endpoints), the same keys are bound onto its {@link ZmqSocketOptions}; once it
 * has bound a {@code zmq.integration.*} entry (channel, ...), the same keys are bound onto its socket. So
 * {@code zmq.sockets.tasks.send-hwm} and {@code zmq.integration.outbound.results-out.linger} stay flat while each
 * option is declared once.
 * <p>
 * The binder drops a map entry none of whose own keys is set ({@code zmq.sockets.tasks.send-hwm} without a type, an
 * integration entry without a channel); such an entry is added here when its composed keys bind, so that the
 * start-up check names what it lacks instead of ignoring it. Applied to {@code @ConfigurationProperties} binding
 * through the auto-configuration's {@code ConfigurationPropertiesBindHandlerAdvisor}, and to the
 * {@code zmq.integration} binding directly.
 */
final class ZmqSocketOptionsBindHandler extends AbstractBindHandler {

	ZmqSocketOptionsBindHandler(BindHandler parent) {
		super(parent);
	}

	@Override
	public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
		Object bound = super.onSuccess(name, target, context, result);
		Object composed = composed(bound);
		if (composed != null) {
			context.getBinder().bind(name, Bindable.ofInstance(composed), this);
		}
		if (bound instanceof Map<?, ?> map) {
			addEntriesWithComposedKeysOnly(name, target, context, map);
		}
		return bound;
	}

	@Override
	public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
			@Nullable Object result) throws Exception {
		Supplier<?> existing = target.getValue();
		if (result == null && existing != null && existing.get() instanceof Map<?, ?> map) {
			addEntriesWithComposedKeysOnly(name, target, context, map);
		}
		super.onFinish(name, target, context, result);
	}

	@SuppressWarnings("unchecked")
	private void addEntriesWithComposedKeysOnly(ConfigurationPropertyName name, Bindable<?> target,
			BindContext context, Map<?, ?> map) {
		Class<?> valueType = target.getType().asMap().resolveGeneric(1);
		if (valueType == null || !(valueType == ZmqSocketProperties.class
				|| ZmqIntegrationProperties.Endpoint.class.isAssignableFrom(valueType))) {
			return;
		}
		for (String key : childKeys(name, context)) {
			if (map.containsKey(key)) {
				continue;
			}
			Object entry = BeanUtils.instantiateClass(valueType);
			Object composed = composed(entry);
			if (composed != null
					&& context.getBinder().bind(name.append(key), Bindable.ofInstance(composed), this).isBound()) {
				((Map<String, Object>) map).put(key, entry);
			}
		}
	}

	private static Set<String> childKeys(ConfigurationPropertyName name, BindContext context) {
		Set<String> keys = new LinkedHashSet<>();
		int index = name.getNumberOfElements();
		for (ConfigurationPropertySource source : context.getSources()) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.filter(name::isAncestorOf)
					.stream()
					.filter((child) -> !child.isNumericIndex(index))
					.forEach((child) -> keys.add(child.getElement(index, ConfigurationPropertyName.Form.ORIGINAL)));
			}
		}
		return keys;
	}

	private static @Nullable Object composed(@Nullable Object bound) {
		if (bound instanceof ZmqSocketProperties socket) {
			return socket.options();
		}
		if (bound instanceof ZmqIntegrationProperties.Endpoint endpoint) {
			return endpoint.socket();
		}
		return null;
	}

}
