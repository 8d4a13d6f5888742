package io.github.zmqspring.boot.diagnostics;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * Finds where a {@code zmq.*} property is set, with Spring Boot's relaxed names ({@code sendHwm}, {@code send-hwm},
 * {@code ZMQ_SOCKETS_...}) and lists ({@code bind[0]}), for the failure analyzers.
 */
final class ZmqPropertyLookup {

	private final @Nullable Environment environment;

	ZmqPropertyLookup(@Nullable Environment environment) {
		this.environment = environment;
	}

	/**
	 * The property itself, else the element of a list under it whose value the hint mentions, else its first
	 * element, else any property under it (for a group such as {@code zmq.sockets.feed}).
	 * @param name the property, in kebab-case
	 * @param hint text that may contain the bad value
	 * @return the setting, or {@code null} when no property source sets it
	 */
	@Nullable Setting find(String name, @Nullable String hint) {
		ConfigurationPropertyName wanted = ConfigurationPropertyName.adapt(name, '.');
		List<ConfigurationProperty> under = new ArrayList<>();
		for (ConfigurationPropertySource source : sources()) {
			ConfigurationProperty property = source.getConfigurationProperty(wanted);
			if (property != null) {
				return Setting.of(name, property);
			}
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.filter(wanted::isAncestorOf).forEach((child) -> {
					ConfigurationProperty found = source.getConfigurationProperty(child);
					if (found != null) {
						under.add(found);
					}
				});
			}
		}
		for (ConfigurationProperty property : under) {
			if (hint != null && property.getName().isLastElementIndexed()
					&& hint.contains(String.valueOf(property.getValue()))) {
				return Setting.of(property.getName().toString(), property);
			}
		}
		for (ConfigurationProperty property : under) {
			if (property.getName().isLastElementIndexed()) {
				return Setting.of(property.getName().toString(), property);
			}
		}
		return under.isEmpty() ? null : Setting.of(under.get(0).getName().toString(), under.get(0));
	}

	/**
	 * Every setting whose name starts with the prefix, in property source order.
	 * @param prefix the prefix, in kebab-case ({@code zmq.sockets})
	 * @return the settings
	 */
	List<Setting> under(String prefix) {
		ConfigurationPropertyName wanted = ConfigurationPropertyName.adapt(prefix, '.');
		List<Setting> settings = new ArrayList<>();
		for (ConfigurationPropertySource source : sources()) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.filter(wanted::isAncestorOf).forEach((child) -> {
					ConfigurationProperty found = source.getConfigurationProperty(child);
					if (found != null) {
						settings.add(Setting.of(child.toString(), found));
					}
				});
			}
		}
		return settings;
	}

	/**
	 * The value with its {@code ${...}} placeholders resolved.
	 * @param value the value as set
	 * @return the resolved value
	 */
	String resolve(@Nullable Object value) {
		String text = String.valueOf(value);
		return (this.environment != null) ? this.environment.resolvePlaceholders(text) : text;
	}

	private Iterable<ConfigurationPropertySource> sources() {
		return (this.environment != null) ? ConfigurationPropertySources.get(this.environment) : List.of();
	}

	/**
	 * One property as set.
	 *
	 * @param name its name as found
	 * @param value its value
	 * @param origin where it is set, or {@code null} when unknown
	 */
	record Setting(String name, @Nullable Object value, @Nullable Origin origin) {

		static Setting of(String name, ConfigurationProperty property) {
			return new Setting(name, property.getValue(), property.getOrigin());
		}

		/** @return {@code " (originating from '...')"} as Spring Boot writes it, or nothing */
		String originText() {
			return (this.origin != null) ? " (originating from '" + this.origin + "')" : "";
		}

	}

}
