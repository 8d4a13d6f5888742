package io.github.zmqspring.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The health of one component reported by a {@link ZmqHealthReporter}.
 *
 * @param name the component's name (a listener container id, a socket name)
 * @param healthy whether it works as configured
 * @param details what to show (state, endpoints, the reason when unhealthy); values should be strings, numbers,
 * booleans or lists of them
 */
public record ZmqComponentHealth(String name, boolean healthy, Map<String, Object> details) {

	/**
	 * Validates and copies the components.
	 * @param name the name
	 * @param healthy the flag
	 * @param details the details
	 */
	public ZmqComponentHealth {
		Objects.requireNonNull(name, "'name' must not be null");
		details = Map.copyOf(details);
	}

	/**
	 * A healthy component.
	 * @param name the name
	 * @param details the details
	 * @return the health
	 */
	public static ZmqComponentHealth up(String name, Map<String, Object> details) {
		return new ZmqComponentHealth(name, true, details);
	}

	/**
	 * An unhealthy component; the reason is added to the details as {@code error}.
	 * @param name the name
	 * @param reason why it is unhealthy
	 * @param details the details
	 * @return the health
	 */
	public static ZmqComponentHealth down(String name, @Nullable String reason, Map<String, Object> details) {
		Map<String, Object> all = new LinkedHashMap<>(details);
		all.put("error", String.valueOf(reason));
		return new ZmqComponentHealth(name, false, all);
	}

}
