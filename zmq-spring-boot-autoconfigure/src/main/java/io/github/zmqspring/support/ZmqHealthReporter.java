package io.github.zmqspring.support;

import java.util.List;

/**
 * Contributes components to the {@code zmq} health indicator. Implement it on a bean (the listener endpoint registry
 * does, for its containers) and the indicator lists its components under {@link #group()}; one unhealthy component
 * makes the indicator DOWN. Kept free of Spring Boot's health API so that it works without actuator. Implementations
 * must be thread-safe and fast (no I/O).
 */
@FunctionalInterface
public interface ZmqHealthReporter {

	/**
	 * The components' current health.
	 * @return one entry per component
	 */
	List<ZmqComponentHealth> health();

	/**
	 * The name of the detail that groups this reporter's components (default {@code components}).
	 * @return the group name
	 */
	default String group() {
		return "components";
	}

}
